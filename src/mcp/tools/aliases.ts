/**
 * Seed names and troupe's older names for one argument. Seed 003's name is canonical; where
 * troupe called the argument differently before (`participant_ids` for
 * `participant_model_ids`, `task_id` for `subtask_id`, …), a tool takes either, in the same
 * schema: one of the two must be given (`invalid_argument` naming the seed's name otherwise),
 * and both only when they agree. A refusal from the domain names the argument the caller
 * actually used (`renamed`). Nothing here knows a tool; each tool says which names it pairs.
 */
import { type Outcome, refuse } from '../../kernel/index.js';

/** The seed's name for an argument, and troupe's older one. */
export interface Alias {
  readonly seed: string;
  readonly old: string;
}

type Args = Readonly<Record<string, unknown>>;

/**
 * The value of an argument given under its seed name or its older one; `undefined` when
 * neither is given and `required` is false.
 */
export function eitherOf<T>(
  args: Args,
  alias: Alias,
  required: true,
): Outcome<{ readonly value: T; readonly used: string }>;
export function eitherOf<T>(
  args: Args,
  alias: Alias,
  required: boolean,
): Outcome<{ readonly value: T | undefined; readonly used: string }>;
export function eitherOf<T>(
  args: Args,
  alias: Alias,
  required: boolean,
): Outcome<{ readonly value: T | undefined; readonly used: string }> {
  const seed = args[alias.seed] as T | undefined;
  const old = args[alias.old] as T | undefined;
  if (seed !== undefined && old !== undefined && JSON.stringify(seed) !== JSON.stringify(old))
    return refuse(
      'invalid_argument',
      `${alias.seed} and ${alias.old} name the same argument (${alias.old} is its older name): give one`,
      alias.old,
    );
  if (seed !== undefined) return { ok: true, value: { value: seed, used: alias.seed } };
  if (old !== undefined) return { ok: true, value: { value: old, used: alias.old } };
  if (required) return refuse('invalid_argument', `${alias.seed} is required`, alias.seed);
  return { ok: true, value: { value: undefined, used: alias.seed } };
}

/** The value alone, of an argument the seed names `seed` and troupe once named `old` (`eitherOf`). */
export function aliased<T>(args: Args, seed: string, old: string, required: true): Outcome<T>;
export function aliased<T>(args: Args, seed: string, old: string, required?: false): Outcome<T | undefined>;
export function aliased<T>(args: Args, seed: string, old: string, required = false): Outcome<T | undefined> {
  const either = eitherOf<T>(args, { seed, old }, required);
  return either.ok ? { ok: true, value: either.value.value } : either;
}

/** The outcome with its refusal's field renamed from the seed's name to the one the caller used. */
export function renamed<T>(outcome: Outcome<T>, uses: ReadonlyMap<string, string>): Outcome<T> {
  if (outcome.ok || outcome.error.field === undefined) return outcome;
  const [head, ...rest] = outcome.error.field.split('.');
  const used = uses.get(head ?? '');
  if (used === undefined || used === head) return outcome;
  return { ok: false, error: { ...outcome.error, field: [used, ...rest].join('.') } };
}

/** A description's line saying which older names a tool still takes. */
export function aliasNote(aliases: readonly Alias[]): string {
  return ` Older names still taken: ${aliases.map((a) => `${a.old} for ${a.seed}`).join(', ')}.`;
}
