/**
 * A server's lists, fetched whole: `tools/list`, `resources/list`, `resources/templates/list`
 * and `prompts/list` follow `nextCursor` to the last page (bounded, so a server that keeps
 * answering with a cursor cannot hold a check forever), and the tool list gets a stable
 * hash of what clients depend on — each tool's name, input schema and output schema, in
 * canonical JSON, in name order — so that a health check can tell "same tools" from
 * "the tools changed" whatever order the server lists them in.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  ListToolsResultSchema,
  type Prompt,
  type Resource,
  type ResourceTemplate,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { canonicalHash } from '../canonical-json.js';

/** Pages followed at most per list. */
export const MAX_LIST_PAGES = 100;

/** Every page of a paginated list request. */
export async function collectPages<T>(
  fetchPage: (
    cursor: string | undefined,
  ) => Promise<{ readonly items: readonly T[]; readonly nextCursor?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (result.nextCursor === undefined || result.nextCursor === cursor) return items;
    cursor = result.nextCursor;
  }
  return items;
}

/**
 * The whole tool list. Through `client.listTools` the SDK also compiles a validator for
 * each output schema (used to check the structured content of later calls); `validators:
 * false` fetches the list without that — what a periodic check wants, since the compiled
 * validators of every fetch are kept by the SDK's JSON Schema compiler for the life of the
 * client, and compiling them is the most expensive part of a fetch.
 */
export function listAllTools(
  client: Client,
  options?: RequestOptions,
  { validators = true }: { readonly validators?: boolean } = {},
): Promise<Tool[]> {
  return collectPages(async (cursor) => {
    const params = cursor === undefined ? {} : { cursor };
    const page = validators
      ? await client.listTools(params, options)
      : await client.request({ method: 'tools/list', params }, ListToolsResultSchema, options);
    return { items: page.tools, ...optionalCursor(page.nextCursor) };
  });
}

export function listAllResources(client: Client, options?: RequestOptions): Promise<Resource[]> {
  return collectPages(async (cursor) => {
    const page = await client.listResources(cursor === undefined ? {} : { cursor }, options);
    return { items: page.resources, ...optionalCursor(page.nextCursor) };
  });
}

export function listAllResourceTemplates(
  client: Client,
  options?: RequestOptions,
): Promise<ResourceTemplate[]> {
  return collectPages(async (cursor) => {
    const page = await client.listResourceTemplates(cursor === undefined ? {} : { cursor }, options);
    return { items: page.resourceTemplates, ...optionalCursor(page.nextCursor) };
  });
}

export function listAllPrompts(client: Client, options?: RequestOptions): Promise<Prompt[]> {
  return collectPages(async (cursor) => {
    const page = await client.listPrompts(cursor === undefined ? {} : { cursor }, options);
    return { items: page.prompts, ...optionalCursor(page.nextCursor) };
  });
}

/** The stable hash of a tool list: names and input/output schemas, independent of order. */
export function toolListHash(tools: readonly Tool[]): string {
  const essentials = tools
    .map((tool) => ({ name: tool.name, input: tool.inputSchema, output: tool.outputSchema ?? null }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return canonicalHash(essentials);
}

function optionalCursor(cursor: string | undefined): { nextCursor?: string } {
  return cursor === undefined ? {} : { nextCursor: cursor };
}
