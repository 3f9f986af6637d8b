/**
 * `SendOrder`: the main thread's messages to one actor leave in the order they were sent
 * (FIFO per sender), even when one of them must wait — a durable tell is sent on only once
 * it is committed. Per actor, a queue of places; a place is held until its send is ready,
 * and whatever is ready at the head of the queue goes. It knows nothing of the store.
 */

/** A place in an actor's queue: `ready` once it may go. */
export interface SendPlace {
  ready: boolean;
  go: () => void;
}

const nothing = () => {};

export class SendOrder {
  /** Per actor: the sends not made yet, in order; no entry when none waits. */
  private readonly queues = new Map<string, SendPlace[]>();

  /** Does a send to `id` wait (so a new one must queue behind it)? */
  isWaiting(id: string): boolean {
    return this.queues.has(id);
  }

  /** Queue a send that is ready, behind those that wait. */
  enqueue(id: string, go: () => void): void {
    this.place(id, { ready: true, go });
  }

  /** Hold a place for a send that is not ready yet; `release` it when it is. */
  hold(id: string): SendPlace {
    return this.place(id, { ready: false, go: nothing });
  }

  /** The held `place` is ready (`go`: what to send, `null`: nothing); send what may go. */
  release(id: string, place: SendPlace, go: (() => void) | null): void {
    if (go) place.go = go;
    place.ready = true;
    this.drain(id);
  }

  private place(id: string, place: SendPlace): SendPlace {
    const queue = this.queues.get(id);
    if (queue) queue.push(place);
    else this.queues.set(id, [place]);
    return place;
  }

  /** Send on every place at the head of `id`'s queue that is ready. */
  private drain(id: string): void {
    const queue = this.queues.get(id);
    if (!queue) return;
    let sent = 0;
    while (sent < queue.length && (queue[sent] as SendPlace).ready) (queue[sent++] as SendPlace).go();
    if (sent === queue.length) this.queues.delete(id);
    else queue.splice(0, sent);
  }
}
