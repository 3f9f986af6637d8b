/**
 * Asks waiting for their reply on one thread: each has a timeout (always), may be aborted,
 * and is settled exactly once. A reply for an ask that is no longer waiting is late:
 * dropped and counted.
 *
 * Ask ids start at a random point of a 2^47 range in every incarnation (thread, process):
 * a `ReplyTo` kept in a durable actor's state outlives the process that asked, and its
 * reply must not answer an unrelated ask of the next process that happens to reuse its id.
 */
import { randomInt } from 'node:crypto';
import { AskAbortedError, AskTimeoutError, asError } from '../errors.js';

interface PendingAsk {
  readonly target: string;
  readonly targetThread: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly cleanup: (() => void) | null;
}

export class PendingAsks {
  private readonly waiting = new Map<number, PendingAsk>();
  private nextId = randomInt(2 ** 47);
  lateReplies = 0;
  /** Asks that got no reply within their timeout. */
  timedOut = 0;

  get size(): number {
    return this.waiting.size;
  }

  /** Register an ask; `send(askId)` is called once the ask is registered and may throw. */
  create<Reply>(
    target: string,
    targetThread: number,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    send: (askId: number) => void,
  ): Promise<Reply> {
    if (signal?.aborted) return Promise.reject(new AskAbortedError(target, signal.reason));
    const askId = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.reject(askId, new AskTimeoutError(target, timeoutMs))) this.timedOut++;
      }, timeoutMs);
      let cleanup: (() => void) | null = null;
      if (signal) {
        const onAbort = () => this.reject(askId, new AskAbortedError(target, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiting.set(askId, {
        target,
        targetThread,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
        cleanup,
      });
      try {
        send(askId);
      } catch (error) {
        this.reject(askId, asError(error));
      }
    });
  }

  /** Returns false (and counts a late reply) when nobody waits for `askId` any more. */
  resolve(askId: number, value: unknown): boolean {
    const ask = this.take(askId);
    if (!ask) {
      this.lateReplies++;
      return false;
    }
    ask.resolve(value);
    return true;
  }

  reject(askId: number, error: Error): boolean {
    const ask = this.take(askId);
    if (!ask) {
      this.lateReplies++;
      return false;
    }
    ask.reject(error);
    return true;
  }

  /** Fail every ask whose target lives on `thread` (the thread died). */
  rejectThread(thread: number, error: Error): void {
    for (const [askId, ask] of this.waiting) if (ask.targetThread === thread) this.reject(askId, error);
  }

  rejectAll(error: Error): void {
    for (const askId of [...this.waiting.keys()]) this.reject(askId, error);
  }

  private take(askId: number): PendingAsk | undefined {
    const ask = this.waiting.get(askId);
    if (!ask) return undefined;
    this.waiting.delete(askId);
    clearTimeout(ask.timer);
    ask.cleanup?.();
    return ask;
  }
}
