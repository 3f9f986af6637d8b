/**
 * How the gateway's actors hear the end of work they started in a turn (a downstream call,
 * a session opening, a health check, an ask to another actor): the continuation tells the
 * actor itself, and the result re-enters through its mailbox, as every state change must.
 *
 * The tell's receipt is dropped on purpose. Returned from a promise continuation, a
 * `Delivery` would be adopted as a thenable, and a refused tell (the actor stopped or was
 * restarted meanwhile) would become an unhandled rejection, which ends a worker thread;
 * dropped, it is a dead letter.
 */
import type { ActorRef } from '../../src/kernel/index.js';

export function reenter<Msg>(ref: ActorRef<Msg>, message: Msg): void {
  ref.tell(message);
}
