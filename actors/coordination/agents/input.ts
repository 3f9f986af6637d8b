/**
 * Facade input: parse with a zod schema into an `Outcome` — the value, or a refusal naming
 * the field the way the caller wrote it in seed 003 (`recipientId` → `recipient_id`), with
 * `unknown_argument` for a field the request does not take. Also the caller rules every
 * facade shares (who may act for an agent) and the page options of list answers.
 */
import { z } from 'zod';
import {
  InvalidArgumentError,
  type Outcome,
  parseOrThrow,
  refuse,
  type TableKey,
} from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { CoordinationLimits } from '../limits.js';
import { DEFAULT_PAGE } from '../limits.js';
import { decodeCursor } from '../page.js';

/** `recipientId.0` → `recipient_id.0`: field paths as seed 003 spells them. */
export function snakePath(path: string): string {
  return path.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Outcome<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const field = snakePath([...issue.path.map(String), issue.keys[0] ?? ''].join('.'));
    return refuse('unknown_argument', `${field} is not an argument of this request`, field);
  }
  let refusal: Outcome<never> = refuse('invalid_argument', 'input is invalid', 'input');
  try {
    parseOrThrow(schema, input, '', (path, wording) => {
      const field = snakePath(path.replace(/^\./, '')) || 'input';
      refusal = refuse('invalid_argument', `${field} ${wording}`, field);
      return new InvalidArgumentError(field, wording);
    });
  } catch {
    // The refusal was made above, with the field and its wording.
  }
  return refusal;
}

/** May `caller` act for agent `agentId`? The agent itself, or the operator. */
export function mayActFor(caller: Caller, agentId: string, field = 'agent_id'): Outcome<null> {
  switch (caller.kind) {
    case 'operator':
      return { ok: true, value: null };
    case 'anonymous':
      return refuse('unauthorized', `acting for agent "${agentId}" needs its identity (its token)`, field);
    case 'agent':
      if (caller.agentId === agentId) return { ok: true, value: null };
      return refuse('forbidden', `agent "${caller.agentId}" may not act for agent "${agentId}"`, field);
  }
}

/** The calling agent, or a refusal when the caller is not one. */
export function callingAgent(caller: Caller, what: string): Outcome<string> {
  if (caller.kind === 'agent') return { ok: true, value: caller.agentId };
  const code = caller.kind === 'anonymous' ? 'unauthorized' : 'forbidden';
  return refuse(code, `${what} needs an agent's identity`, 'agent_id');
}

export const PageSchema = z
  .object({ limit: z.number().int().positive().optional(), cursor: z.string().max(4_096).optional() })
  .strict();
export type PageInput = z.input<typeof PageSchema>;

export interface PageRequest {
  readonly limit: number;
  readonly after: TableKey | null;
}

/** The page asked for: its size within `limits.pageSize`, and the key its cursor names. */
export function pageRequest(page: PageInput | undefined, limits: CoordinationLimits): Outcome<PageRequest> {
  const parsed = parseInput(PageSchema, page ?? {});
  if (!parsed.ok) return parsed;
  const limit = parsed.value.limit ?? Math.min(DEFAULT_PAGE, limits.pageSize);
  if (limit > limits.pageSize)
    return refuse('out_of_range', `limit must be at most ${limits.pageSize} (pageSize)`, 'limit');
  if (parsed.value.cursor === undefined) return { ok: true, value: { limit, after: null } };
  const after = decodeCursor(parsed.value.cursor);
  return after.ok ? { ok: true, value: { limit, after: after.value } } : after;
}
