/**
 * What the work tools (sessions, tasks, projects, routing) share on their way to the rebuilt
 * domain: a facade’s
 * `Outcome` as a tool result (a refusal's field renamed to the argument the caller used), and
 * the paging arguments every list takes (`cursor`, `limit`) with the `next_cursor` it answers.
 * It owns no rule: the facades (`actors/coordination/<area>/api.ts`) decide.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Page } from '../../../actors/coordination/page.js';
import type { Outcome } from '../../kernel/index.js';
import { failure, success } from '../tool-result.js';
import { renamed } from './aliases.js';

/** A facade's answer as a tool result: `shape` builds the success body. */
export function resultOf<T>(
  outcome: Outcome<T>,
  shape: (value: T) => Record<string, unknown>,
  uses: ReadonlyMap<string, string> = new Map(),
): CallToolResult {
  const answer = renamed(outcome, uses);
  return answer.ok ? success(shape(answer.value)) : failure(answer.error);
}

/** The paging arguments of a list tool. */
export const PagingShape = {
  cursor: z
    .string()
    .max(4096)
    .optional()
    .describe('the next_cursor of the page before (none: the first page)'),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('items per page (default 100; at most the page size limit)'),
};

/** The paging arguments as a facade takes them. */
export function pageOf(args: { readonly cursor?: string | undefined; readonly limit?: number | undefined }) {
  return {
    ...(args.cursor !== undefined ? { cursor: args.cursor } : {}),
    ...(args.limit !== undefined ? { limit: args.limit } : {}),
  };
}

/** A page of records under `name`, with `next_cursor`. */
export function pageShape<T, R>(name: string, record: (item: T) => R) {
  return (page: Page<T>) => ({ [name]: page.items.map(record), next_cursor: page.next_cursor });
}

export const NextCursorSchema = z
  .string()
  .nullable()
  .describe('pass it back as cursor for the next page; null on the last');
