/**
 * The main thread's handle on the store: tells from outside the actors to durable actors.
 * Such a message is committed to the actor's inbox *here*, and only then acknowledged (the
 * `Delivery` settles) and announced to the actor's thread — so an acknowledged message
 * survives a crash of the process at any later instant. Asks are not stored (see `ask`),
 * but keep their place among the tells (`send-order.ts`).
 */

import { Delivery } from '../actor/delivery.js';
import type { ActorRef } from '../actor/ref.js';
import { Sequence } from '../persistence/sequence.js';
import { openStore, type Store } from '../persistence/store.js';
import type { SpawnSpec } from '../wire/wire.js';
import { SendOrder } from './send-order.js';
import type { ThreadPool } from './thread-pool.js';

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;
  private readonly order = new SendOrder();

  constructor(
    options: { readonly path: string; readonly durability: 'commit' | 'flush' },
    private readonly threads: Pick<ThreadPool, 'route'>,
  ) {
    this.store = openStore(options);
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
    // Announced to the actor in the order it was sent, once committed (and acknowledged).
    const place = this.order.hold(target.id);
    const settle = (failure: Error | undefined) => {
      delivery.settle(failure);
      const announce =
        failure || duplicate
          ? null
          : () =>
              this.threads.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: seq });
      this.order.release(target.id, place, announce);
    };
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
        (outcome) => settle(outcome.failed.get(0)),
        (error: unknown) => settle(error as Error),
      );
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
    if (!this.order.isWaiting(id)) {
      send();
      return;
    }
    this.order.enqueue(id, () => {
      try {
        send();
      } catch (error) {
        onError(error as Error);
      }
    });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
