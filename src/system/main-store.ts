/**
 * The main thread's handle on the store: tells from outside the actors to durable actors.
 * Such a message is committed to the actor's inbox *here*, and only then acknowledged (the
 * `Delivery` settles) and announced to the actor's thread — so an acknowledged message
 * survives a crash of the process at any later instant. Asks are not stored (see `ask`),
 * but keep their place behind the tells sent before them.
 */

import { Delivery } from '../actor/delivery.js';
import type { ActorRef } from '../actor/ref.js';
import { Sequence } from '../persistence/sequence.js';
import { Store } from '../persistence/store.js';
import type { SpawnSpec, WireRecord } from '../pool/wire.js';

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;
  /** Per actor: the last tell committed but not yet routed (asks wait for it). */
  private readonly unrouted = new Map<string, Promise<void>>();

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
    let routed = () => {};
    const done = new Promise<void>((resolve) => {
      routed = resolve;
    });
    this.unrouted.set(target.id, done);
    const settle = (error?: Error) => {
      if (this.unrouted.get(target.id) === done) this.unrouted.delete(target.id);
      routed();
      delivery.settle(error);
    };
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
          if (!failure && !duplicate)
            this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: seq });
          settle(failure);
        },
        (error: unknown) => settle(error as Error),
      );
    return delivery;
  }

  /**
   * The tell to `id` still being committed, if any: an ask from the main thread waits for it
   * (FIFO per sender). The ask itself is not stored — it is acknowledged by its reply, which a
   * durable actor sends only after its turn committed, and a crash fails it rather than
   * applying it later for nobody.
   */
  unroutedTell(id: string): Promise<void> | undefined {
    return this.unrouted.get(id);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
