/**
 * A token bucket: up to `capacity` tokens, refilled continuously at `refillPerSecond`.
 * Taking a token is permission to do one thing (deliver one message); an empty bucket
 * says how long until enough tokens are back.
 *
 * ```
 *   refillPerSecond ──▶ [ ●●●●○○ ] capacity ──▶ tryTake(n) / reserve(n)
 * ```
 *
 * Refill is computed lazily from the injected clock on each call, so the bucket holds
 * two numbers and owns no timer. `reserve` may take tokens the bucket does not have yet
 * (the balance goes negative): the caller is told how long to wait, and the debt makes
 * the next reservation wait longer, which spaces delayed work out at the refill rate.
 * Per-id buckets and admission policy live in `rate-limiter.ts`.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../../../src/kernel/index.js';
import { type Clock, ClockSchema } from './clock.js';
import { parseArgument } from './parse-argument.js';

export const TokenBucketOptionsSchema = z
  .object({
    /** The most tokens the bucket holds; it starts full. */
    capacity: z.number().positive(),
    /** Tokens added per second of clock time. */
    refillPerSecond: z.number().positive(),
    clock: ClockSchema,
  })
  .strict();

export type TokenBucketOptions = z.input<typeof TokenBucketOptionsSchema>;

/** Proof that options were parsed already; module-private, so only this module can skip the parse. */
const PARSED: unique symbol = Symbol('parsed token bucket options');

/**
 * Validate `options` once and return a function that makes full buckets from them: for
 * tables that create a bucket per id, where parsing the same options each time would
 * cost more than the bucket itself.
 */
export function createTokenBucketFactory(options: TokenBucketOptions): () => TokenBucket {
  const parsed = parseArgument(TokenBucketOptionsSchema, options, 'options');
  return () => new TokenBucket(parsed, PARSED);
}

/** How many tokens to take; at most the capacity, which is checked per bucket. */
const TokenCountSchema = z.number().positive();

/** Floating-point slack: 0.1 + 0.2 tokens must count as 0.3. */
const TOKEN_EPSILON = 1e-9;
/** Slack on computed waits, so that 100.000000001 ms rounds to 100, not 101. */
const WAIT_EPSILON_MS = 1e-6;

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly #clock: Clock;
  #tokens: number;
  #updatedAt: number;

  constructor(options: TokenBucketOptions, parsedAlready?: typeof PARSED) {
    const parsed =
      parsedAlready === PARSED
        ? (options as z.output<typeof TokenBucketOptionsSchema>)
        : parseArgument(TokenBucketOptionsSchema, options, 'options');
    this.capacity = parsed.capacity;
    this.refillPerSecond = parsed.refillPerSecond;
    this.#clock = parsed.clock;
    this.#tokens = parsed.capacity;
    this.#updatedAt = parsed.clock.now();
  }

  /** Tokens available now; negative while reservations are still being paid off. */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** True when the bucket is back at capacity: it then behaves exactly like a new one and can be dropped. */
  get isFull(): boolean {
    return this.available >= this.capacity - TOKEN_EPSILON;
  }

  /** Take `n` tokens if all of them are available now; otherwise take none. */
  tryTake(n = 1): boolean {
    const count = this.#parseCount(n);
    this.#refill();
    if (this.#tokens + TOKEN_EPSILON < count) return false;
    this.#tokens = Math.max(0, this.#tokens - count);
    return true;
  }

  /** Milliseconds until `n` tokens are available (0 if they are now). Takes nothing. */
  waitTimeMs(n = 1): number {
    const count = this.#parseCount(n);
    this.#refill();
    return this.#msUntil(count);
  }

  /**
   * Take `n` tokens now, going into debt if needed, and return how many milliseconds
   * the caller must wait before acting on them (0 if they were available). Check
   * `waitTimeMs` first to refuse waits that are too long: a reservation is never undone.
   */
  reserve(n = 1): number {
    const count = this.#parseCount(n);
    this.#refill();
    const waitMs = this.#msUntil(count);
    this.#tokens -= count;
    return waitMs;
  }

  #msUntil(count: number): number {
    const deficit = count - this.#tokens;
    if (deficit <= TOKEN_EPSILON) return 0;
    return Math.max(1, Math.ceil((deficit * 1000) / this.refillPerSecond - WAIT_EPSILON_MS));
  }

  #refill(): void {
    const now = this.#clock.now();
    // A clock that stepped back refills nothing (rather than draining the bucket).
    const elapsedMs = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    if (elapsedMs > 0 && this.#tokens < this.capacity) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (elapsedMs * this.refillPerSecond) / 1000);
    }
  }

  #parseCount(n: unknown): number {
    const count = parseArgument(TokenCountSchema, n, 'n');
    // More than the capacity could never be taken: a bug in the caller, not a wait.
    if (count > this.capacity)
      throw new InvalidArgumentError('n', `must be <= the capacity (${this.capacity})`);
    return count;
  }
}
