/**
 * Flood control at the door: before a message is delivered, `admit(senderId, recipientId)`
 * decides whether it goes now, goes after a delay, or is refused, from two token buckets:
 * one per sender (nobody sends faster than its rate) and one per recipient (nobody is
 * sent to faster than its rate, however many senders gang up on it).
 *
 * Policies:
 * - `reject`: a message goes only if both buckets have a token now; a refusal says
 *   which limit was hit and when to retry. Nothing is taken from either bucket then.
 * - `delay`: a message always takes its tokens, possibly in advance, and waits until
 *   they would have been refilled, so delayed messages leave at the configured rate;
 *   a wait beyond `maxDelayMs` becomes a refusal instead (and takes nothing).
 *
 * It returns a decision and does nothing else: holding, delaying or bouncing the
 * message is the caller's job (the kernel's delivery path, or a supervisor actor).
 * Per-id buckets and their bounded memory live in `bucket-table.ts`.
 */
import { z } from 'zod';
import { BucketTable } from './bucket-table.js';
import { type Clock, ClockSchema } from './clock.js';
import { IdSchema, parseArgument } from './parse-argument.js';

/** Every default of the rate limiter, in one place. */
export const RATE_LIMITER_DEFAULTS = {
  /** Longest wait the `delay` policy hands out before it refuses instead. */
  maxDelayMs: 5_000,
  /** Most buckets kept per table (senders, recipients); beyond it the least recently used goes. */
  maxTrackedIds: 100_000,
} as const;

/** Buckets are consulted this many least-recently-used entries at a time after each decision. */
const PRUNE_PER_ADMIT = 2;

export const BucketSpecSchema = z
  .object({
    /** Burst size: messages allowed at once after a quiet period. */
    capacity: z.number().min(1),
    /** Sustained rate, in messages per second. */
    refillPerSecond: z.number().positive(),
  })
  .strict();

export const RateLimiterOptionsSchema = z
  .object({
    perSender: BucketSpecSchema.optional(),
    perRecipient: BucketSpecSchema.optional(),
    policy: z.enum(['reject', 'delay']),
    /** Only for policy `delay` (default {@link RATE_LIMITER_DEFAULTS}.maxDelayMs). */
    maxDelayMs: z.number().nonnegative().optional(),
    maxTrackedIds: z.number().int().positive().optional(),
    clock: ClockSchema,
  })
  .strict()
  .superRefine((options, context) => {
    if (!options.perSender && !options.perRecipient) {
      context.addIssue({
        code: 'custom',
        path: ['perSender'],
        message: 'or options.perRecipient must be set: a limiter needs at least one limit',
      });
    }
    if (options.policy === 'reject' && options.maxDelayMs !== undefined) {
      context.addIssue({ code: 'custom', path: ['maxDelayMs'], message: 'applies only to policy "delay"' });
    }
  });

export type RateLimiterOptions = z.input<typeof RateLimiterOptionsSchema>;
export type AdmissionPolicy = RateLimiterOptions['policy'];
export type RejectReason = 'sender-rate' | 'recipient-rate';

/** The decision for one message. */
export type Admission =
  | { readonly kind: 'admit' }
  | { readonly kind: 'delay'; readonly delayMs: number }
  | { readonly kind: 'reject'; readonly reason: RejectReason; readonly retryAfterMs: number };

const ADMIT: Admission = Object.freeze({ kind: 'admit' });

export interface RateLimiterStats {
  readonly trackedSenders: number;
  readonly trackedRecipients: number;
}

export class RateLimiter {
  readonly policy: AdmissionPolicy;
  readonly maxDelayMs: number;
  readonly #senders: BucketTable | undefined;
  readonly #recipients: BucketTable | undefined;

  constructor(options: RateLimiterOptions) {
    const parsed = parseArgument(RateLimiterOptionsSchema, options, 'options');
    const maxIds = parsed.maxTrackedIds ?? RATE_LIMITER_DEFAULTS.maxTrackedIds;
    const clock: Clock = parsed.clock;
    this.policy = parsed.policy;
    this.maxDelayMs = parsed.maxDelayMs ?? RATE_LIMITER_DEFAULTS.maxDelayMs;
    this.#senders = parsed.perSender && new BucketTable(parsed.perSender, maxIds, clock);
    this.#recipients = parsed.perRecipient && new BucketTable(parsed.perRecipient, maxIds, clock);
  }

  /** Decide the fate of one message from `senderId` to `recipientId`, taking its tokens if it goes. */
  admit(senderId: string, recipientId: string): Admission {
    parseArgument(IdSchema, senderId, 'senderId');
    parseArgument(IdSchema, recipientId, 'recipientId');
    const sender = this.#senders?.bucketFor(senderId);
    const recipient = this.#recipients?.bucketFor(recipientId);
    const senderWaitMs = sender?.waitTimeMs() ?? 0;
    const recipientWaitMs = recipient?.waitTimeMs() ?? 0;
    const waitMs = Math.max(senderWaitMs, recipientWaitMs);
    const reason: RejectReason = senderWaitMs >= recipientWaitMs ? 'sender-rate' : 'recipient-rate';

    let admission: Admission;
    if (this.policy === 'reject') {
      if (waitMs > 0) {
        admission = { kind: 'reject', reason, retryAfterMs: waitMs };
      } else {
        sender?.tryTake();
        recipient?.tryTake();
        admission = ADMIT;
      }
    } else if (waitMs > this.maxDelayMs) {
      // Retrying this much later brings the wait back within maxDelayMs.
      admission = { kind: 'reject', reason, retryAfterMs: Math.ceil(waitMs - this.maxDelayMs) };
    } else {
      sender?.reserve();
      recipient?.reserve();
      admission = waitMs === 0 ? ADMIT : { kind: 'delay', delayMs: waitMs };
    }
    this.#senders?.pruneFull(PRUNE_PER_ADMIT);
    this.#recipients?.pruneFull(PRUNE_PER_ADMIT);
    return admission;
  }

  /** Drop every bucket that has refilled to capacity; returns how many. Dropping one changes no decision. */
  prune(): number {
    return (this.#senders?.pruneFull() ?? 0) + (this.#recipients?.pruneFull() ?? 0);
  }

  get stats(): RateLimiterStats {
    return { trackedSenders: this.#senders?.size ?? 0, trackedRecipients: this.#recipients?.size ?? 0 };
  }
}
