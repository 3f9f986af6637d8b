/**
 * The door to one server: every call passes its circuit breaker (the anti-jam breaker of
 * `actors/supervisors/breaker`), its rate limit (a token bucket of `rate.per_second`,
 * `rate.burst`) and its concurrency limit (`max_concurrency`), in that order:
 *
 * 1. an open circuit refuses at once (`circuit_open`, with when to retry);
 * 2. a rate limit that would make the call wait longer than it may is a refusal
 *    (`rate_limited`), a shorter wait is waited (the token is taken in advance, so waiting
 *    calls leave at the configured rate);
 * 3. a full server makes the call wait for a slot (`server_busy` past the wait allowed);
 * 4. the call runs inside the breaker, which counts server failures (`isServerFailure`:
 *    timeouts, lost connections, a server down) and not a tool's own errors.
 *
 * Refusals at 1–3 never reach the server, so routing may try another provider for any
 * tool. Time is read from the injected clock; waiting uses the injected `sleep`.
 */
import { CircuitBreaker } from '../../supervisors/breaker/circuit-breaker.js';
import { isCircuitOpenError } from '../../supervisors/breaker/circuit-open-error.js';
import type { Clock } from '../../supervisors/flood/clock.js';
import { TokenBucket } from '../../supervisors/flood/token-bucket.js';
import type { CircuitConfig, RateConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { isServerFailure } from './tool-policy.js';

export interface ServerLimits {
  readonly maxConcurrency?: number;
  readonly rate?: RateConfig;
  readonly circuit: CircuitConfig;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface GuardOptions {
  readonly clock: Clock;
  readonly sleep: Sleep;
}

export interface GuardedCall {
  /** The longest this call may wait at the door (rate limit and concurrency together). */
  readonly maxWaitMs: number;
  readonly signal?: AbortSignal;
}

export class ServerGuard {
  readonly server: string;
  readonly breaker: CircuitBreaker;
  readonly #bucket: TokenBucket | undefined;
  readonly #slots: ConcurrencyLimit;
  readonly #options: GuardOptions;

  constructor(server: string, limits: ServerLimits, options: GuardOptions) {
    this.server = server;
    this.#options = options;
    this.breaker = new CircuitBreaker({
      name: server,
      clock: options.clock,
      failureRatio: limits.circuit.failureRatio,
      minimumCalls: limits.circuit.minimumCalls,
      windowMs: limits.circuit.windowMs,
      openMs: limits.circuit.openMs,
      halfOpenMaxCalls: limits.circuit.halfOpenMaxCalls,
      isFailure: isServerFailure,
    });
    this.#bucket =
      limits.rate &&
      new TokenBucket({
        capacity: limits.rate.burst,
        refillPerSecond: limits.rate.perSecond,
        clock: options.clock,
      });
    this.#slots = new ConcurrencyLimit(server, limits.maxConcurrency);
  }

  /** Calls admitted and not finished. */
  get inFlight(): number {
    return this.#slots.inFlight;
  }

  /** Would a call be refused at once by the circuit? (For ordering candidates; nothing is taken.) */
  get isOpen(): boolean {
    return this.breaker.state.kind === 'open';
  }

  async run<T>(call: GuardedCall, invoke: () => Promise<T>): Promise<T> {
    const details = { server: this.server };
    const circuit = this.breaker.state;
    if (circuit.kind === 'open')
      throw this.#circuitOpen(Math.max(0, circuit.until - this.#options.clock.now()));
    const startedAt = this.#options.clock.now();
    if (this.#bucket) {
      const waitMs = this.#bucket.waitTimeMs();
      if (waitMs > call.maxWaitMs) {
        const message = `server "${this.server}" is over its rate limit; retry after ${waitMs} ms`;
        throw new GatewayError('rate_limited', message, { ...details, retryAfterMs: waitMs });
      }
      const delayMs = this.#bucket.reserve();
      if (delayMs > 0) await this.#options.sleep(delayMs, call.signal);
    }
    const waitedMs = this.#options.clock.now() - startedAt;
    await this.#slots.acquire(Math.max(0, call.maxWaitMs - waitedMs), call.signal);
    try {
      return await this.breaker.call(invoke);
    } catch (error) {
      if (isCircuitOpenError(error)) throw this.#circuitOpen(error.retryAfterMs);
      throw error;
    } finally {
      this.#slots.release();
    }
  }

  #circuitOpen(retryAfterMs: number): GatewayError {
    const message = `the circuit of server "${this.server}" is open; retry after ${retryAfterMs} ms`;
    return new GatewayError('circuit_open', message, { server: this.server, retryAfterMs });
  }
}

/** A sleep on real timers that ends early, rejecting with `call_cancelled`, when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted)
      return reject(new GatewayError('call_cancelled', 'the call was cancelled while waiting'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new GatewayError('call_cancelled', 'the call was cancelled while waiting'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
