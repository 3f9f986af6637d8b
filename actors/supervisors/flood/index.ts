/**
 * Flood control: token buckets, the per-sender / per-recipient rate limiter built on
 * them, and the message-frequency monitor behind `check_message_frequency`. Pure logic
 * on an injected clock; the actors that apply it live elsewhere.
 */
export {
  type Clock,
  ClockSchema,
  createManualClock,
  isClock,
  type ManualClock,
  systemClock,
} from './clock.js';
export {
  CheckMessageFrequencyInputSchema,
  FREQUENCY_DEFAULTS,
  type FrequencyCheckOptions,
  FrequencyCheckOptionsSchema,
  type FrequencyReport,
  MessageFrequency,
  type MessageFrequencyOptions,
  MessageFrequencyOptionsSchema,
} from './frequency.js';
export { LruMap } from './lru-map.js';
export { IdSchema, parseArgument, TimeSchema } from './parse-argument.js';
export {
  type Admission,
  type AdmissionPolicy,
  BucketSpecSchema,
  RATE_LIMITER_DEFAULTS,
  RateLimiter,
  type RateLimiterOptions,
  RateLimiterOptionsSchema,
  type RateLimiterStats,
  type RejectReason,
} from './rate-limiter.js';
export type { RecipientCount } from './sender-history.js';
export {
  createTokenBucketFactory,
  TokenBucket,
  type TokenBucketOptions,
  TokenBucketOptionsSchema,
} from './token-bucket.js';
