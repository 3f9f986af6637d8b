/**
 * The `limits` section of `troupe.config.json|yaml`, validated, with its defaults:
 *
 * ```yaml
 * limits:
 *   per_agent:   { per_second: 100, burst: 200 }   # tool calls of one proven agent (false: no limit)
 *   per_session: { per_second: 200, burst: 400 }   # tool calls of one MCP session (false: no limit)
 *   max_string_bytes: 1048576                      # UTF-8 bytes of any one string in a tool's arguments
 *   inbox_max_messages: 10000                      # messages one agent's inbox keeps (inbox_full beyond)
 *   max_tracked: 10000                             # buckets kept per table (least recently used dropped)
 * ```
 *
 * Every key may be left out (its default applies); every problem is reported at once, each
 * naming its path (`limits.per_agent.burst`). `inbox_max_messages` is read once at start (the
 * inboxes take their cap then, like `--inbox-limit`, which wins over it); the rest follows
 * the file while the runtime runs. It owns the shape; applying it is `call-limiter.ts`'s and
 * `string-limits.ts`'s.
 */
import { z } from 'zod';
import { TroupeError } from '../../kernel/index.js';

/** A token bucket: `per_second` calls sustained, `burst` at once (the bucket's size). */
export interface RateSpec {
  readonly perSecond: number;
  readonly burst: number;
}

export interface CallLimitsConfig {
  /** Per proven agent; null: not limited. */
  readonly perAgent: RateSpec | null;
  /** Per MCP session; null: not limited. */
  readonly perSession: RateSpec | null;
  readonly maxStringBytes: number;
  /** The inbox cap from the file, or null when it does not set one (the coordination default applies). */
  readonly inboxMaxMessages: number | null;
  /** Buckets kept per table (agents, sessions); past it the least recently used is forgotten. */
  readonly maxTracked: number;
}

export const DEFAULT_CALL_LIMITS: CallLimitsConfig = Object.freeze({
  perAgent: Object.freeze({ perSecond: 100, burst: 200 }),
  perSession: Object.freeze({ perSecond: 200, burst: 400 }),
  maxStringBytes: 1024 * 1024,
  inboxMaxMessages: null,
  maxTracked: 10_000,
});

/** No rate limit at all (`troupe serve --no-rate-limits`, for benches of raw throughput). */
export const UNLIMITED_RATES = { perAgent: null, perSession: null } as const;

const RateSchema = z
  .object({
    per_second: z.number().positive().max(1_000_000),
    burst: z.number().int().min(1).max(10_000_000),
  })
  .strict();

const LimitsSectionSchema = z
  .object({
    per_agent: z.union([RateSchema, z.literal(false)]).optional(),
    per_session: z.union([RateSchema, z.literal(false)]).optional(),
    max_string_bytes: z
      .number()
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .optional(),
    inbox_max_messages: z.number().int().min(1).max(100_000_000).optional(),
    max_tracked: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();

export interface LimitsConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** A bad `limits` section: `field` names the first problem's path, the message lists them all. */
export class LimitsConfigError extends TroupeError {
  constructor(readonly issues: readonly LimitsConfigIssue[]) {
    super(
      'invalid_option',
      `invalid limits config: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
      { field: issues[0]?.path ?? 'limits' },
    );
    this.name = 'LimitsConfigError';
  }
}

/** The `limits` section of parsed config content (defaults where it says nothing); throws {@link LimitsConfigError}. */
export function parseLimitsConfig(content: unknown): CallLimitsConfig {
  const section =
    typeof content === 'object' && content !== null && Object.hasOwn(content, 'limits')
      ? (content as { readonly limits: unknown }).limits
      : {};
  const parsed = LimitsSectionSchema.safeParse(section);
  if (!parsed.success)
    throw new LimitsConfigError(
      parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
    );
  const { data } = parsed;
  return {
    perAgent: rateOf(data.per_agent, DEFAULT_CALL_LIMITS.perAgent),
    perSession: rateOf(data.per_session, DEFAULT_CALL_LIMITS.perSession),
    maxStringBytes: data.max_string_bytes ?? DEFAULT_CALL_LIMITS.maxStringBytes,
    inboxMaxMessages: data.inbox_max_messages ?? null,
    maxTracked: data.max_tracked ?? DEFAULT_CALL_LIMITS.maxTracked,
  };
}

/** Does the parsed config content have a `limits` section? */
export function hasLimitsSection(content: object): boolean {
  return Object.hasOwn(content, 'limits');
}

function rateOf(
  given: z.output<typeof RateSchema> | false | undefined,
  fallback: RateSpec | null,
): RateSpec | null {
  if (given === undefined) return fallback;
  if (given === false) return null;
  return { perSecond: given.per_second, burst: given.burst };
}

function pathOf(path: readonly PropertyKey[]): string {
  return ['limits', ...path.map(String)].join('.');
}
