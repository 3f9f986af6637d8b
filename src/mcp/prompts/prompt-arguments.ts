/**
 * The arguments of troupe's prompts: MCP gives every prompt argument as a string, so an id
 * list is one string of comma-separated ids. This owns their declaration (what `prompts/list`
 * shows and what `completion/complete` completes) and their checking: a strict zod object per
 * prompt, a refusal naming the argument (-32602), ids to the domain's charset and length.
 * It knows no pattern (`patterns.ts`).
 */
import { createHash } from 'node:crypto';
import type { PromptArgument } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';

/** What an argument's value names, for completion: one agent, a comma-separated list of agents, a workflow, or free text. */
export type ArgumentKind = 'agent' | 'agents' | 'workflow' | 'text';

export interface PromptArgumentSpec extends PromptArgument {
  readonly kind: ArgumentKind;
}

const ID = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$/;
const MAX_LIST = 100;

export const IdArgSchema = z.string().regex(ID, 'must be an id: 1–128 of A-Z a-z 0-9 _ . : @ + -');

export const TextArgSchema = z.string().trim().min(1, 'must not be empty').max(4_000);

/** A comma-separated list of distinct ids, `min` of them at least. */
export function idListArgSchema(min: number) {
  return z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(
      z
        .array(IdArgSchema)
        .min(min, `must list at least ${min} id${min === 1 ? '' : 's'}, comma-separated`)
        .max(MAX_LIST)
        .refine((ids) => new Set(ids).size === ids.length, 'must not list an id twice'),
    );
}

/** A comma-separated list of words (capabilities, roles), possibly empty. */
export const WordListArgSchema = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  )
  .pipe(z.array(z.string().max(128)).max(64));

/** The arguments checked by `schema`, or a -32602 error naming the first bad one. */
export function parsePromptArguments<S extends z.ZodType>(
  prompt: string,
  schema: S,
  args: Readonly<Record<string, string>> | undefined,
): z.output<S> {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const field = keys[0] ?? String(issue?.path[0] ?? 'arguments');
  const why = issue?.code === 'unrecognized_keys' ? 'is not an argument of this prompt' : issue?.message;
  throw protocolError(INVALID_PARAMS, `prompt ${prompt}: argument ${field} ${why ?? 'is invalid'}`, {
    prompt,
    field,
  });
}

/** A short id made from `parts`, the same every time: the prompt's tool calls can name what earlier ones create. */
export function derivedId(prefix: string, ...parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 10);
  return `${prefix}-${digest.replaceAll('-', '_')}`;
}

/** `text` cut to `max` characters. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
