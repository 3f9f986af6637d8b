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
import { openStore, type Store } from '../persistence/store.js';
import type { SpawnSpec, WireRecord } from '../wire/wire.js';

/** A message waiting for its turn to be sent on: `ready` once it may go (a tell: committed). */
interface Queued {
  ready: boolean;
  go: () => void;
}

const noop = () => {};

export class MainStore {
  readonly store: Store;
  private readonly sequence: Sequence;
  /** Per actor: the main thread's messages to it not yet sent on, in order (FIFO per sender). */
  private readonly queues = new Map<string, Queued[]>();

  constructor(
    options: { readonly path: string; readonly durability: 'commit' | 'flush' },
    private readonly route: (thread: number, record: WireRecord) => void,
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
    const place = this.enqueue(target.id, null);
    const settle = (failure: Error | undefined) => {
      delivery.settle(failure);
      if (!failure && !duplicate)
        place.go = () =>
          this.route(target.thread, { kind: 'tell', to: target.id, message, seq: 0, inbox: seq });
      place.ready = true;
      this.drain(target.id);
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
    if (!this.queues.has(id)) {
      send();
      return;
    }
    this.enqueue(id, () => {
      try {
        send();
      } catch (error) {
        onError(error as Error);
      }
    });
  }

  /** Queue a message for actor `id`: `go` (null: not ready yet — a tell being committed). */
  private enqueue(id: string, go: (() => void) | null): Queued {
    const place: Queued = { ready: go !== null, go: go ?? noop };
    const queue = this.queues.get(id);
    if (queue) queue.push(place);
    else this.queues.set(id, [place]);
    return place;
  }

  /** Send on every message at the head of `id`'s queue that is ready. */
  private drain(id: string): void {
    const queue = this.queues.get(id);
    if (!queue) return;
    let sent = 0;
    while (sent < queue.length && (queue[sent] as Queued).ready) (queue[sent++] as Queued).go();
    if (sent === queue.length) this.queues.delete(id);
    else queue.splice(0, sent);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
