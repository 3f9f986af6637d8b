/**
 * The main thread's handle on the store: tells and asks from outside the actors to
 * durable actors. Such a message is committed to the actor's inbox *here*, and only then
 * acknowledged (the `Delivery` settles) and announced to the actor's thread — so an
 * acknowledged message survives a crash of the process at any later instant.
 */

import type { ReplyTo } from '../actor/context.js';
import { Delivery } from '../actor/delivery.js';
import type { ActorRef } from '../actor/ref.js';
import { Sequence } from '../persistence/sequence.js';
import { Store } from '../persistence/store.js';
import type { SpawnSpec, WireRecord } from '../pool/wire.js';

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;

  constructor(
    options: { readonly path: string; readonly durability: 'commit' | 'flush' },
    private readonly route: (thread: number, record: WireRecord) => void,
  ) {
    this.store = Store.open(options);
    this.sequence = Sequence.create(this.store);
  }

  get sequenceBuffer(): SharedArrayBuffer {
    return this.sequence.buffer;
  }

  isStored(id: string): boolean {
    return this.store.hasActor(id);
  }

  specOf(id: string): SpawnSpec | undefined {
    try {
      return this.store.getActor(id)?.spec;
    } catch {
      return undefined;
    }
  }

  tell(target: ActorRef<unknown>, message: unknown, messageId: string | null): Delivery {
    const delivery = new Delivery();
    const seq = this.sequence.next();
    let duplicate = false;
    this.store
      .commit([
        (w) => {
          if (messageId !== null && w.seenMessage(target.id, messageId)) {
            duplicate = true;
            return;
          }
          w.putInbox([target.id, seq], { message, replyTo: null, messageId, missed: 0 });
          if (messageId !== null) w.markSeen(target.id, messageId, seq);
          this.sequence.highWaterWrite(w);
        },
      ])
      .then(
        (outcome) => {
          const failure = outcome.failed.get(0);
          if (failure) {
            delivery.settle(failure);
            return;
          }
          delivery.settle();
          if (!duplicate)
            this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: seq });
        },
        (error: unknown) => delivery.settle(error as Error),
      );
    return delivery;
  }

  async ask(target: ActorRef<unknown>, message: unknown, replyTo: ReplyTo): Promise<void> {
    const seq = this.sequence.next();
    const outcome = await this.store.commit([
      (w) => w.putInbox([target.id, seq], { message, replyTo, messageId: null, missed: 0 }),
    ]);
    const failure = outcome.failed.get(0);
    if (failure) throw failure;
    this.route(target.thread, { kind: 'ask', to: target.id, message, replyTo, inbox: seq });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
