/**
 * `ThreadDispatcher`: what an `ActorRef` does when it is used on this worker thread —
 * `tell` and `ask` outside a turn (refs decoded from messages are bound to it), and the
 * asks of actors (`ctx.ask`), which are edges of the wait-for graph the deadlock detector
 * watches: each one is announced (`wait-started`) and retired (`wait-ended`).
 *
 * Mail for an actor of this thread goes to `deliver` (`mail-delivery.ts`); anything else
 * leaves through `outbound.ts`. Tells issued *inside* a turn are effects (`turn-context.ts`).
 */

import type { ReplyTo } from '../actor/context.js';
import { Delivery } from '../actor/delivery.js';
import type { PendingAsks } from '../actor/pending-asks.js';
import type { ActorRef, AskOptions, Dispatcher } from '../actor/ref.js';
import { monotonicMs } from '../clock.js';
import { InvalidArgumentError } from '../errors.js';
import { assertEncodable } from '../wire/encodable.js';
import { waitToken } from '../wire/wait-token.js';
import type { WaitWatch } from '../wire/wait-watch.js';
import { type ActorCell, Envelope, type MailItem } from './cell.js';
import type { Outbound } from './outbound.js';

/** Put `item` in the mailbox of `to`, an actor of this thread (see `MailDelivery.deliver`). */
export type DeliverLocal = (to: string, item: MailItem, seq: number) => Error | null;

export class ThreadDispatcher implements Dispatcher {
  constructor(
    private readonly thread: number,
    private readonly askTimeoutMs: number,
    private readonly asks: PendingAsks,
    private readonly outbound: Outbound,
    private readonly deliver: DeliverLocal,
    private readonly waits: WaitWatch,
  ) {}

  tell(target: ActorRef<unknown>, message: unknown): Delivery {
    if (target.thread === this.thread) {
      return Delivery.settled(this.deliver(target.id, message, 0) ?? undefined);
    }
    assertEncodable(message);
    this.outbound.tell(target.thread, target.id, message, 0);
    return Delivery.settled();
  }

  ask<Reply>(target: ActorRef<unknown>, message: unknown, options?: AskOptions): Promise<Reply> {
    return this.askFrom<Reply>(null, target, message, options, null);
  }

  /** An ask by the actor of `cell` (`null`: not from an actor), carrying the trace of its turn (`traceparent`, or null). */
  askFrom<Reply>(
    cell: ActorCell | null,
    target: ActorRef<unknown>,
    message: unknown,
    options: AskOptions | undefined,
    traceparent: string | null,
  ): Promise<Reply> {
    const timeoutMs = options?.timeoutMs ?? this.askTimeoutMs;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      return Promise.reject(new InvalidArgumentError('options.timeoutMs', 'must be a positive number'));
    }
    let token: string | null = null;
    const asked = this.asks.create<Reply>(target.id, target.thread, timeoutMs, options?.signal, (askId) => {
      const waited = cell !== null && this.waits.watched;
      const replyTo: ReplyTo = waited
        ? { thread: this.thread, askId, waited }
        : { thread: this.thread, askId };
      if (cell && waited) {
        // An actor waits for another: an edge of the wait-for graph the deadlock detector watches.
        token = waitToken(this.thread, askId);
        this.outbound.emit({
          type: 'wait-started',
          waiter: cell.id,
          target: target.id,
          token,
          // Not the injected clock: the detector orders waits across threads by this, so it
          // needs sub-millisecond precision from one clock shared by every thread.
          since: monotonicMs(),
          thread: this.thread,
        });
      }
      if (target.thread === this.thread)
        this.deliver(target.id, new Envelope(message, replyTo, 0, 0, traceparent), 0);
      else {
        assertEncodable(message);
        this.outbound.route(
          target.thread,
          traceparent === null
            ? { kind: 'ask', to: target.id, message, replyTo, inbox: 0 }
            : { kind: 'ask', to: target.id, message, replyTo, inbox: 0, traceparent },
        );
      }
    });
    if (token !== null) {
      const ended = () => {
        if (token) this.outbound.emit({ type: 'wait-ended', token, thread: this.thread });
      };
      asked.then(ended, ended);
    }
    return asked;
  }
}
