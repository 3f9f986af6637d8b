/**
 * Answers "is X sending too often?" — the logic of the `check_message_frequency` tool.
 *
 * Every message is `record`ed as (sender, recipient); `check(senderId)` counts that
 * sender's messages over a sliding window and compares them with a threshold. Counts
 * are kept per time bucket (`bucketMs`, a tenth of the window by default), so memory
 * per sender is a few buckets however many messages it sends, and the window slides
 * one bucket at a time: a window of `windowMs` covers the current bucket and the
 * `ceil(windowMs / bucketMs) - 1` before it, so `windowMs` of history give or take a bucket.
 *
 * Senders are kept in an LRU table capped at `maxTrackedSenders`; a sender whose
 * buckets have all aged out of the retention period is forgotten (it would count 0).
 * Unlike `rate-limiter.ts`, it refuses nothing: it observes, and a supervisor decides.
 */
import { z } from 'zod';
import { type Clock, ClockSchema } from './clock.js';
import { LruMap } from './lru-map.js';
import { IdSchema, parseArgument } from './parse-argument.js';
import { type RecipientCount, SenderHistory } from './sender-history.js';

/** Every default of the frequency monitor, in one place. */
export const FREQUENCY_DEFAULTS = {
  /** Buckets per window when `bucketMs` is not given. */
  bucketsPerWindow: 10,
  maxTrackedSenders: 100_000,
  /** Distinct recipients tracked per sender per bucket (Space-Saving beyond that). */
  maxRecipientsPerBucket: 64,
  /** Recipients listed in a report. */
  topRecipientLimit: 5,
} as const;

/** Senders inspected for expiry after each `record`. */
const PRUNE_PER_RECORD = 2;

export const MessageFrequencyOptionsSchema = z
  .object({
    /** The window `check` uses by default, and the one `threshold` is expressed over. */
    windowMs: z.number().positive(),
    /** Messages within `windowMs` at which a sender is too frequent (scaled for other windows). */
    threshold: z.number().positive(),
    clock: ClockSchema,
    /** Width of a counting bucket: the precision of the window (default windowMs / 10). */
    bucketMs: z.number().positive().optional(),
    /** The longest window `check` may ask about (default windowMs). */
    retentionMs: z.number().positive().optional(),
    maxTrackedSenders: z.number().int().positive().optional(),
    maxRecipientsPerBucket: z.number().int().positive().optional(),
    topRecipientLimit: z.number().int().nonnegative().optional(),
  })
  .strict()
  .superRefine((options, context) => {
    if (options.bucketMs !== undefined && options.bucketMs > options.windowMs) {
      context.addIssue({ code: 'custom', path: ['bucketMs'], message: 'must be <= options.windowMs' });
    }
    if (options.retentionMs !== undefined && options.retentionMs < options.windowMs) {
      context.addIssue({ code: 'custom', path: ['retentionMs'], message: 'must be >= options.windowMs' });
    }
  });

export type MessageFrequencyOptions = z.input<typeof MessageFrequencyOptionsSchema>;

/** Options of one `check`; also the input of the `check_message_frequency` tool, with `senderId`. */
export const FrequencyCheckOptionsSchema = z
  .object({
    /** Window to count over, up to `retentionMs` (default: the monitor's `windowMs`). */
    windowMs: z.number().positive().optional(),
  })
  .strict();

export type FrequencyCheckOptions = z.input<typeof FrequencyCheckOptionsSchema>;

export const CheckMessageFrequencyInputSchema = FrequencyCheckOptionsSchema.extend({ senderId: IdSchema });

/** The answer to "is X sending too often?": plain data, ready to be a tool result. */
export interface FrequencyReport {
  readonly senderId: string;
  /** Messages in the window. */
  readonly count: number;
  readonly perSecond: number;
  readonly windowMs: number;
  /** `count` reached the threshold (scaled to this window). */
  readonly tooFrequent: boolean;
  /** The most frequent recipients in the window, most frequent first. */
  readonly topRecipients: readonly RecipientCount[];
}

export class MessageFrequency {
  readonly windowMs: number;
  readonly threshold: number;
  readonly bucketMs: number;
  readonly retentionMs: number;
  readonly #clock: Clock;
  readonly #maxTrackedSenders: number;
  readonly #maxRecipientsPerBucket: number;
  readonly #topRecipientLimit: number;
  /** {@link FrequencyCheckOptionsSchema}, bounded by this monitor's retention period. */
  readonly #checkOptionsSchema: typeof FrequencyCheckOptionsSchema;
  /** Least recently recorded first. */
  readonly #senders = new LruMap<SenderHistory>();

  constructor(options: MessageFrequencyOptions) {
    const parsed = parseArgument(MessageFrequencyOptionsSchema, options, 'options');
    this.windowMs = parsed.windowMs;
    this.threshold = parsed.threshold;
    this.bucketMs = parsed.bucketMs ?? parsed.windowMs / FREQUENCY_DEFAULTS.bucketsPerWindow;
    this.retentionMs = parsed.retentionMs ?? parsed.windowMs;
    this.#clock = parsed.clock;
    this.#maxTrackedSenders = parsed.maxTrackedSenders ?? FREQUENCY_DEFAULTS.maxTrackedSenders;
    this.#maxRecipientsPerBucket = parsed.maxRecipientsPerBucket ?? FREQUENCY_DEFAULTS.maxRecipientsPerBucket;
    this.#topRecipientLimit = parsed.topRecipientLimit ?? FREQUENCY_DEFAULTS.topRecipientLimit;
    const retention = `must be <= the retention period (${this.retentionMs} ms)`;
    this.#checkOptionsSchema = FrequencyCheckOptionsSchema.extend({
      windowMs: z.number().positive().max(this.retentionMs, { error: retention }).optional(),
    });
  }

  /** Senders currently remembered. */
  get trackedSenders(): number {
    return this.#senders.size;
  }

  /** Count one message from `senderId` to `recipientId`, now. */
  record(senderId: string, recipientId: string): void {
    parseArgument(IdSchema, senderId, 'senderId');
    parseArgument(IdSchema, recipientId, 'recipientId');
    const index = this.#bucketIndex(this.#clock.now());
    const oldestKept = this.#oldestKept(index);
    let history = this.#senders.get(senderId);
    if (!history) {
      history = new SenderHistory(this.#maxRecipientsPerBucket);
      if (this.#senders.size >= this.#maxTrackedSenders) this.#senders.deleteOldest();
      this.#senders.set(senderId, history);
    }
    history.record(index, recipientId, oldestKept);
    this.#pruneExpired(oldestKept, PRUNE_PER_RECORD);
  }

  /** How often `senderId` sent over the window ending now. An unknown sender counts 0. */
  check(senderId: string, options: FrequencyCheckOptions = {}): FrequencyReport {
    parseArgument(IdSchema, senderId, 'senderId');
    const windowMs = this.#parseWindow(options);
    return this.#report(senderId, windowMs, this.#bucketIndex(this.#clock.now()));
  }

  /** Every remembered sender that is too frequent over the window, most messages first. */
  findTooFrequent(options: FrequencyCheckOptions = {}): FrequencyReport[] {
    const windowMs = this.#parseWindow(options);
    const index = this.#bucketIndex(this.#clock.now());
    const reports: FrequencyReport[] = [];
    for (const senderId of this.#senders.keys()) {
      const report = this.#report(senderId, windowMs, index);
      if (report.tooFrequent) reports.push(report);
    }
    return reports.sort((a, b) => b.count - a.count);
  }

  /** Forget every sender whose messages have all aged out of the retention period; returns how many. */
  prune(): number {
    return this.#pruneExpired(this.#oldestKept(this.#bucketIndex(this.#clock.now())));
  }

  #report(senderId: string, windowMs: number, index: number): FrequencyReport {
    const windowBuckets = Math.ceil(windowMs / this.bucketMs);
    const history = this.#senders.peek(senderId);
    const { count, topRecipients } = history
      ? history.countSince(index - windowBuckets + 1, this.#topRecipientLimit)
      : { count: 0, topRecipients: [] };
    const threshold = this.threshold * (windowMs / this.windowMs);
    return {
      senderId,
      count,
      perSecond: count / (windowMs / 1000),
      windowMs,
      tooFrequent: count >= threshold,
      topRecipients,
    };
  }

  #parseWindow(options: FrequencyCheckOptions): number {
    return parseArgument(this.#checkOptionsSchema, options, 'options').windowMs ?? this.windowMs;
  }

  #bucketIndex(time: number): number {
    return Math.floor(time / this.bucketMs);
  }

  /** The oldest bucket index still inside the retention period that ends in bucket `index`. */
  #oldestKept(index: number): number {
    return index - Math.ceil(this.retentionMs / this.bucketMs) + 1;
  }

  #pruneExpired(oldestKept: number, limit = Number.POSITIVE_INFINITY): number {
    return this.#senders.pruneOldest(limit, (history) => history.newestIndex < oldestKept);
  }
}
