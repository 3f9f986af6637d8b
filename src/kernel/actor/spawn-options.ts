/**
 * The options an actor's mailbox and supervision take — in `createActorSystem` (defaults
 * for all), `defineActor` (per kind) and `spawn` (per actor) — their zod schemas, and how
 * each layer is laid over the one below. A bad option is an `InvalidOptionError` naming its path.
 */
import { z } from 'zod';
import { InvalidOptionError } from '../errors.js';
import type { SupervisionSpec } from '../supervision/spec.js';
import { parseOrThrow } from '../validation.js';
import type { MailboxSpec, RateSpec } from './mailbox.js';

const positiveInt = z.number().int().positive();

export const BackoffSchema = z
  .object({
    initialMs: z.number().nonnegative(),
    maxMs: z.number().nonnegative(),
    factor: z.number().min(1),
  })
  .strict();

export const SupervisionSchema = z
  .object({
    strategy: z.enum(['one-for-one', 'one-for-all', 'rest-for-one']),
    intensity: z.number().int().nonnegative(),
    periodMs: positiveInt,
    backoff: BackoffSchema.partial(),
    maxMessageAttempts: positiveInt,
  })
  .strict()
  .partial();

export const RateSchema = z
  .object({
    perSecond: z.number().positive(),
    burst: positiveInt.optional(),
    policy: z.enum(['reject', 'delay']).optional(),
    maxDelayMs: z.number().int().nonnegative().optional(),
  })
  .strict();

export const MailboxSchema = z
  .object({
    capacity: positiveInt,
    overflow: z.enum(['reject', 'drop-oldest', 'drop-newest']),
    rate: RateSchema,
  })
  .strict()
  .partial();

export const RestartSchema = z.enum(['permanent', 'transient', 'temporary']);

export function resolveSupervision(
  base: SupervisionSpec,
  override?: z.infer<typeof SupervisionSchema>,
): SupervisionSpec {
  if (!override) return base;
  return {
    ...base,
    ...override,
    backoff: { ...base.backoff, ...override.backoff },
  };
}

export function resolveMailbox(base: MailboxSpec, override?: z.infer<typeof MailboxSchema>): MailboxSpec {
  if (!override) return base;
  const { rate, ...rest } = override;
  if (!rate) return { ...base, ...rest };
  const resolved: RateSpec = {
    perSecond: rate.perSecond,
    burst: rate.burst ?? Math.max(1, Math.ceil(rate.perSecond)),
    policy: rate.policy ?? 'reject',
    maxDelayMs: rate.maxDelayMs ?? 5_000,
  };
  return { ...base, ...rest, rate: resolved };
}

/** Parse `value` with `schema`, turning the first issue into an `InvalidOptionError` rooted at `root`. */
export function parseOptions<T extends z.ZodType>(schema: T, value: unknown, root: string): z.infer<T> {
  return parseOrThrow(schema, value, root, (path, wording) => new InvalidOptionError(path, wording));
}
