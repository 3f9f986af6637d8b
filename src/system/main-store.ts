/**
 * The main thread's handle on the store: tells from outside the actors to durable actors.
 * Such a message is committed to the actor's inbox *here*, and only then acknowledged (the
 * `Delivery` settles) and announced to the actor's thread — so an acknowledged message
 * survives a crash of the process at any later instant. Asks are not stored (see `ask`),
 * but keep their place among the tells.
 */

import { Delivery } from '../actor/delivery.js';
import type { ActorRef } from '../actor/ref.js';
import { Sequence } from '../persistence/sequence.js';
import { Store } from '../persistence/store.js';
import type { SpawnSpec, WireRecord } from '../pool/wire.js';

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;
  /** Per actor: the last of the main thread's messages to it not yet sent on (FIFO per sender). */
  private readonly tails = new Map<string, Promise<void>>();

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
    const committed = this.store.commit([
      (w) => {
        if (messageId !== null && w.seenMessage(target.id, messageId)) {
          duplicate = true;
          return;
        }
        w.putInbox([target.id, seq], { message, replyTo: null, messageId, missed: 0 });
        if (messageId !== null) w.markSeen(target.id, messageId, seq);
        this.sequence.highWaterWrite(w);
      },
    ]);
    // Acknowledged when committed; announced to the actor in the order it was sent.
    const acknowledged = committed.then(
      (outcome) => outcome.failed.get(0),
      (error: unknown) => error as Error,
    );
    void acknowledged.then((failure) => delivery.settle(failure));
    this.inOrder(target.id, async () => {
      const failure = await acknowledged;
      if (!failure && !duplicate)
        this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: seq });
    });
    return delivery;
  }

  /**
   * Send an ask to a stored actor in its place among the main thread's messages to it (FIFO
   * per sender): after the tells before it are committed and announced, before the ones
   * after it. The ask itself is not stored — it is acknowledged by its reply, which a
   * durable actor sends only after its turn committed, and a crash fails it rather than
   * applying it later for nobody. `send` throwing fails the ask (`onError`).
   */
  ask(id: string, send: () => void, onError: (error: Error) => void): void {
    const tail = this.tails.get(id);
    if (!tail) {
      send();
      return;
    }
    this.inOrder(id, async () => {
      try {
        send();
      } catch (error) {
        onError(error as Error);
      }
    });
  }

  /** Run `step` after every earlier step for actor `id` (steps never reject). */
  private inOrder(id: string, step: () => Promise<void>): void {
    const previous = this.tails.get(id) ?? Promise.resolve();
    const tail = previous.then(step).catch(() => {});
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
