/**
 * The facade's input, as zod schemas (camelCase fields with seed-003 meanings), and how a
 * bad input is refused: `invalid_argument` (or `unknown_argument`) naming the field as an MCP
 * client writes it (`file_path`, `ttl_s`, …), so the MCP layer can pass the refusal on as it is.
 */
import { z } from 'zod';
import { type Outcome, parseOrThrow, refuse } from '../../../src/kernel/index.js';
import { IdSchema, PathSchema } from '../ids.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { DEFAULT_LEASE_S, MAX_LEASE_S, MAX_WAIT_S } from './lease.js';

const TtlSchema = z
  .number()
  .positive('must be a positive number of seconds')
  .max(MAX_LEASE_S, `must be at most ${MAX_LEASE_S} seconds`);

export const AcquireInputSchema = z
  .object({
    filePath: PathSchema,
    /** Seconds the lease lasts (default {@link DEFAULT_LEASE_S}); acquiring again renews. */
    ttlS: TtlSchema.default(DEFAULT_LEASE_S),
    /** Seconds to wait for a lock another agent holds (default 0: answer `locked` at once). */
    waitS: z
      .number()
      .min(0, 'must be 0 or more seconds')
      .max(MAX_WAIT_S, `must be at most ${MAX_WAIT_S} seconds`)
      .default(0),
  })
  .strict();

export const RenewInputSchema = z
  .object({ filePath: PathSchema, ttlS: TtlSchema.default(DEFAULT_LEASE_S) })
  .strict();

export const PathInputSchema = z.object({ filePath: PathSchema }).strict();

export const ForceReleaseInputSchema = z
  .object({
    filePath: PathSchema,
    reason: z
      .string()
      .min(1, 'must say why')
      .max(DEFAULT_LIMITS.textChars, `must be at most ${DEFAULT_LIMITS.textChars} characters`),
  })
  .strict();

export const ListInputSchema = z
  .object({
    /** Only this agent's leases. */
    holder: IdSchema.optional(),
    cursor: z.string().max(8192, 'must be a cursor this server gave out').optional(),
    limit: z
      .number()
      .int('must be an integer')
      .min(1, 'must be at least 1')
      .max(DEFAULT_LIMITS.pageSize, `must be at most ${DEFAULT_LIMITS.pageSize}`)
      .optional(),
  })
  .strict();

export type AcquireInput = z.input<typeof AcquireInputSchema>;
export type RenewInput = z.input<typeof RenewInputSchema>;
export type PathInput = z.input<typeof PathInputSchema>;
export type ForceReleaseInput = z.input<typeof ForceReleaseInputSchema>;
export type ListInput = z.input<typeof ListInputSchema>;

/** `filePath` → `file_path`: the name a client sees. */
export function clientField(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The parsed input, or a refusal naming the first field at fault. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): Outcome<z.output<T>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const names = issue.keys.map(clientField);
    return refuse('unknown_argument', `takes no argument named ${names.join(', ')}`, names[0] ?? 'input');
  }
  try {
    parseOrThrow(
      schema,
      input,
      '',
      (path, wording) => new InputError(clientField(path.replace(/^\./, '')) || 'input', wording),
    );
  } catch (error) {
    if (error instanceof InputError)
      return refuse('invalid_argument', `${error.field} ${error.wording}`, error.field);
    throw error;
  }
  return refuse('invalid_argument', 'is invalid', 'input');
}

class InputError extends Error {
  constructor(
    readonly field: string,
    readonly wording: string,
  ) {
    super(`${field} ${wording}`);
  }
}
