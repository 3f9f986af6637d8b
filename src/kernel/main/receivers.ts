/**
 * Receivers: functions on the main thread that actors can `tell`, through an ordinary
 * `ActorRef` (its thread is the main thread). What an adapter needs to hear from actors as
 * it happens — a downstream tool call's progress, a change to push to a subscribed client —
 * without asking over and over. A receiver takes tells only (an ask to it fails at once) and
 * runs its handler after the current event turn, in the order messages arrived; a handler
 * that throws is reported as a `terminate-failed` event, never breaks the runtime.
 */
import { randomBytes } from 'node:crypto';
import { ActorRef, type Dispatcher } from '../actor/ref.js';
import { ActorNotFoundError, toErrorRecord } from '../errors.js';
import type { SystemEvent } from '../wire/events.js';
import { MAIN_THREAD } from '../wire/wire.js';

export interface Receiver<Msg> {
  /** Tell this ref (from anywhere: a turn on any thread, the main thread): the handler runs. */
  readonly ref: ActorRef<Msg>;
  /** Stop receiving: later messages to the ref are dead letters. */
  close(): void;
}

export class Receivers {
  private readonly handlers = new Map<string, (message: unknown) => void>();
  private readonly prefix = `main:${randomBytes(4).toString('hex')}:`;
  private next = 0;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly publish: (event: SystemEvent) => void,
  ) {}

  create<Msg>(handler: (message: Msg) => void): Receiver<Msg> {
    const id = `${this.prefix}${(this.next++).toString(36)}`;
    this.handlers.set(id, handler as (message: unknown) => void);
    return {
      ref: new ActorRef<Msg>(id, MAIN_THREAD, this.dispatcher),
      close: () => {
        this.handlers.delete(id);
      },
    };
  }

  /** Hand `message` to the receiver `to` after this event turn; false (and a dead letter) when there is none. */
  deliver(to: string, message: unknown): boolean {
    const handler = this.handlers.get(to);
    if (!handler) {
      this.publish({
        type: 'dead-letter',
        to,
        message,
        reason: 'unknown-actor',
        error: toErrorRecord(new ActorNotFoundError(to)),
        thread: MAIN_THREAD,
      });
      return false;
    }
    queueMicrotask(() => {
      try {
        handler(message);
      } catch (error) {
        this.publish({ type: 'terminate-failed', id: to, error: toErrorRecord(error), thread: MAIN_THREAD });
      }
    });
    return true;
  }

  close(): void {
    this.handlers.clear();
  }
}
