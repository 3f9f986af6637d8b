/**
 * The main thread's handle on the store: tells from outside the actors to durable actors.
 * Such a message is committed to the actor's inbox *here*, and only then acknowledged (the
 * `Delivery` settles) and announced to the actor's thread — so an acknowledged message
 * survives a crash of the process at any later instant. A replayed dead letter goes back
 * the same way (`requeue`); the attempts a jam cost a stored message are written here too. Asks are not stored (see `ask`), but keep their place among the
 * tells (`send-order.ts`).
 */

import { Delivery } from '../actor/delivery.js';
import type { ActorRef } from '../actor/ref.js';
import { ActorNotFoundError } from '../errors.js';
import { Sequence } from '../persistence/sequence.js';
import type { Store, WriteFunction } from '../persistence/store.js';
import type { SpawnSpec } from '../wire/wire.js';
import { CommitGroup, type CommitSettle } from './commit-group.js';
import { SendOrder } from './send-order.js';
import type { ThreadHandle } from './thread-handle.js';
import type { ThreadPool } from './thread-pool.js';

/** What the store's handle sends through: the threads (`ThreadPool`), or a test's fake. */
export interface MainStoreThreads extends Pick<ThreadPool, 'route'> {
  handle(thread: number): Pick<ThreadHandle, 'tellCommitted'>;
}

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;
  private readonly order = new SendOrder();
  private readonly commits: CommitGroup;

  /** Over an open `store` (`openStore`; tests hand a failing one). */
  constructor(
    store: Store,
    private readonly threads: MainStoreThreads,
  ) {
    this.store = store;
    this.commits = new CommitGroup(store);
    this.sequence = Sequence.create(store);
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
    // Announced to the actor in the order it was sent, once committed (and acknowledged);
    // committed with the other tells of this macrotask (`commit-group.ts`).
    const place = this.order.hold(target.id);
    this.commits.add(
      (w) => {
        if (messageId !== null && w.seenMessage(target.id, messageId)) {
          duplicate = true;
          return;
        }
        w.putInbox([target.id, seq], { message, replyTo: null, messageId, missed: 0 });
        if (messageId !== null) w.markSeen(target.id, messageId, seq);
        this.sequence.highWaterWrite(w);
      },
      (failure) => {
        delivery.settle(failure);
        const announce =
          failure || duplicate
            ? null
            : () => this.threads.handle(target.thread).tellCommitted(target.id, message, seq);
        this.order.release(target.id, place, announce);
      },
    );
    return delivery;
  }

  /** Commit `write` with the main thread's other writes of this macrotask, in order; `settle` hears its outcome. */
  write(write: WriteFunction, settle: CommitSettle): void {
    this.commits.add(write, settle);
  }

  /**
   * Record `attempts` failed attempts at the stored message `seq` of `actorId` (a jam's, found
   * by the watchdog here): they count when a later process loads the message. Nothing when the
   * message is gone by then.
   */
  async noteAttempts(actorId: string, seq: number, attempts: number): Promise<void> {
    const outcome = await this.store.commit([(w) => w.noteAttempts([actorId, seq], attempts)]);
    const failed = outcome.failed.get(0);
    if (failed) throw failed;
  }

  /**
   * Move the dead letter `seq` of `actorId` back into its inbox as a new message and remove
   * it from the dead letters — in one commit — then announce it to the actor's `thread` in its
   * place among the main thread's messages. Resolves the new inbox seq, or `null` when there
   * is no such dead letter; rejects with `ActorNotFoundError` when the actor is gone (the
   * dead letter stays).
   */
  requeue(actorId: string, seq: number, thread: number): Promise<number | null> {
    const fresh = this.sequence.next();
    let message: unknown;
    let outcome: 'requeued' | 'absent' | 'gone' = 'absent';
    const place = this.order.hold(actorId);
    const announce = () =>
      this.threads.route(thread, { kind: 'tell', to: actorId, message, seq: 0, inbox: fresh });
    return this.store
      .commit([
        (w) => {
          const letter = w.getDeadLetter([actorId, seq]);
          outcome = letter === undefined ? 'absent' : w.hasActor(actorId) ? 'requeued' : 'gone';
          if (!letter || outcome !== 'requeued') return;
          message = letter.message;
          w.putInbox([actorId, fresh], { message, replyTo: null, messageId: null, missed: 0 });
          w.removeDeadLetter([actorId, seq]);
          this.sequence.highWaterWrite(w);
        },
      ])
      .then(
        (committed) => {
          const failed = committed.failed.get(0);
          this.order.release(actorId, place, !failed && outcome === 'requeued' ? announce : null);
          if (failed) throw failed;
          if (outcome === 'gone') throw new ActorNotFoundError(actorId);
          return outcome === 'requeued' ? fresh : null;
        },
        (error: unknown) => {
          this.order.release(actorId, place, null);
          throw error;
        },
      );
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
    this.commits.flush();
    return this.store.close();
  }
}
