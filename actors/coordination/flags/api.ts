/**
 * The feature-flags facade (seed 004's `getFeatureFlag(name, context)` /
 * `setFeatureFlag(name, enabled, options)`): `set` through the flags actor (acknowledged =
 * committed), `get` and `list` from the table without a hop, and `decideAll` — every flag
 * decided for one subject — for a workflow run's `flags` (taken once when the run starts, so a
 * replayed run decides the same). Input is validated here (zod): a refusal names the field.
 *
 * Who may set a flag is the adapter's permission check (an operator's), not this module's.
 */
import { z } from 'zod';
import { type ActorSystem, ensureActor, type Outcome } from '../../../src/kernel/index.js';
import { parseInput } from '../agents/input.js';
import { decodeCursor, encodeCursor } from '../page.js';
import {
  decideFlag,
  type FeatureFlag,
  FLAG_NAME,
  FLAGS_TABLE,
  type FlagDecision,
  MAX_DESCRIPTION_CHARS,
  MAX_FLAGS,
} from './feature-flag.js';
import { FeatureFlagsActor, FLAGS_ACTOR_ID, type FlagChange } from './flags-actor.js';

const NameSchema = z.string().regex(FLAG_NAME, 'must be 1 to 128 letters, digits, "_", "-", "." or ":"');
const SubjectSchema = z.string().min(1).max(256);

export const SetFlagSchema = z
  .object({
    name: NameSchema,
    enabled: z.boolean(),
    rollout_percentage: z.number().min(0).max(100).multipleOf(0.01).optional(),
    description: z.string().max(MAX_DESCRIPTION_CHARS).optional(),
  })
  .strict();

/** Whose answer: a user's or an agent's id (user first); other keys of the context are ignored. */
export const FlagContextSchema = z
  .object({ user_id: SubjectSchema.optional(), agent_id: SubjectSchema.optional() })
  .passthrough();

export const GetFlagSchema = z.object({ name: NameSchema, context: FlagContextSchema.optional() }).strict();

export const ListFlagsSchema = z
  .object({
    limit: z.number().int().min(1).max(MAX_FLAGS).optional(),
    cursor: z.string().max(1_000).optional(),
  })
  .strict();

/** A flag as it is decided for one subject. */
export interface FlagAnswer {
  readonly name: string;
  readonly enabled: boolean;
  readonly reason: FlagDecision['reason'];
  /** The subject decided for (the context's user_id, else its agent_id), or null. */
  readonly subject: string | null;
  readonly flag: FeatureFlag | null;
}

export interface FlagList {
  readonly flags: readonly FeatureFlag[];
  readonly next_cursor: string | null;
}

export interface FeatureFlags {
  /** Create or change a flag; `by` is who did it (an agent id, `operator`, `config`). */
  set(input: z.input<typeof SetFlagSchema>, by: string): Promise<Outcome<FlagChange>>;
  /** Remove a flag (its `flag` is null when there was none). */
  delete(name: string): Promise<Outcome<FlagChange>>;
  get(input: z.input<typeof GetFlagSchema>): Outcome<FlagAnswer>;
  list(input?: z.input<typeof ListFlagsSchema>): Outcome<FlagList>;
  /** Every flag decided for `subject` (null: only the 0% and 100% ones decide), by name. */
  decideAll(subject: string | null): [string, boolean][];
}

/** Start (or find) the flags actor of `system`; the system needs a store. */
export async function startFeatureFlags(system: ActorSystem): Promise<FeatureFlags> {
  const table = system.table<FeatureFlag>(FLAGS_TABLE);
  const actor = await ensureActor(system, FeatureFlagsActor, FLAGS_ACTOR_ID);
  return {
    async set(input, by) {
      const parsed = parseInput(SetFlagSchema, input);
      if (!parsed.ok) return parsed;
      const { name, enabled, rollout_percentage, description } = parsed.value;
      const previous = table.get([name]);
      const flag: Omit<FeatureFlag, 'updatedAt'> = {
        name,
        enabled,
        rolloutPercentage: rollout_percentage ?? previous?.rolloutPercentage ?? 100,
        description: description ?? previous?.description ?? '',
        updatedBy: by,
      };
      return actor.ask<Outcome<FlagChange>>({ type: 'set', flag });
    },
    async delete(name) {
      const parsed = parseInput(NameSchema, name);
      if (!parsed.ok) return { ok: false, error: { ...parsed.error, field: 'name' } };
      return actor.ask<Outcome<FlagChange>>({ type: 'delete', name: parsed.value });
    },
    get(input) {
      const parsed = parseInput(GetFlagSchema, input);
      if (!parsed.ok) return parsed;
      const { name, context } = parsed.value;
      const subject = context?.user_id ?? context?.agent_id ?? null;
      const flag = table.get([name]) ?? null;
      const decision = decideFlag(flag ?? undefined, subject);
      return { ok: true, value: { name, enabled: decision.enabled, reason: decision.reason, subject, flag } };
    },
    list(input = {}) {
      const parsed = parseInput(ListFlagsSchema, input);
      if (!parsed.ok) return parsed;
      const limit = parsed.value.limit ?? 100;
      let after = null;
      if (parsed.value.cursor !== undefined) {
        const decoded = decodeCursor(parsed.value.cursor);
        if (!decoded.ok) return decoded;
        after = decoded.value;
      }
      const entries = table.range({ limit: limit + 1, ...(after ? { after } : {}) });
      const page = entries.slice(0, limit);
      const last = page[page.length - 1];
      return {
        ok: true,
        value: {
          flags: page.map((entry) => entry.value),
          next_cursor: entries.length > limit && last ? encodeCursor(last.key) : null,
        },
      };
    },
    decideAll(subject) {
      return table
        .range({ limit: MAX_FLAGS })
        .map((entry): [string, boolean] => [entry.value.name, decideFlag(entry.value, subject).enabled]);
    },
  };
}
