/**
 * Where a tool call may go, as the directory resolves it from the message: an exposed
 * name (`call-tool`), a vendor and a tool (`route`: a provider group, or a server pinned by
 * name), or a capability and a tool (`route-capability`: every server whose `capabilities`
 * or `tags` name it and that offers the tool). The answer is a `RoutedTool` — the tool as
 * described, the candidates in name order — or a `GatewayError` saying why there is none.
 * The messages are validated here too (`assertCallMessage`).
 * Routing among the candidates (failover, retries) is `directory-calls.ts`'s.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { InvalidArgumentError, isActorRef, parseOrThrow } from '../../../src/kernel/index.js';
import { GatewayError } from '../errors.js';
import { splitExposedName } from '../naming.js';
import type { RoutedTool } from '../routing/provider-index.js';
import type { CallToolMsg, RouteCapabilityMsg, RouteMsg } from './directory-messages.js';
import { type DirectoryState, scopeOf } from './directory-state.js';

export type CallTargetMsg = CallToolMsg | RouteMsg | RouteCapabilityMsg;

const text = z.string().min(1).max(200);
const CallFieldsShape = {
  callId: text.optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  sessionId: text.optional(),
  agentId: text.optional(),
  idempotencyKey: text.optional(),
  timeoutMs: z.number().int().positive().optional(),
  events: z.custom<unknown>(isActorRef, 'must be an ActorRef').optional(),
};
const CallToolSchema = z.object({ type: z.literal('call-tool'), name: text, ...CallFieldsShape });
const RouteSchema = z.object({ type: z.literal('route'), vendor: text, tool: text, ...CallFieldsShape });
const RouteCapabilitySchema = z.object({
  type: z.literal('route-capability'),
  capability: text,
  tool: text,
  ...CallFieldsShape,
});
const CALL_SCHEMAS = {
  'call-tool': CallToolSchema,
  route: RouteSchema,
  'route-capability': RouteCapabilitySchema,
};

/**
 * A call message from anyone (it may come from another thread): refused naming the field
 * (`call.arguments`). A plainly well-formed message — what every caller sends — is checked
 * by hand, within what the schema accepts; anything else goes through the schema, for its
 * verdict and its wording.
 */
export function assertCallMessage(msg: CallTargetMsg): void {
  if (isPlainlyWellFormed(msg)) return;
  parseOrThrow(
    CALL_SCHEMAS[msg.type],
    msg,
    'call',
    (path, wording) => new InvalidArgumentError(path, wording),
  );
}

const TARGET_FIELDS: Readonly<Record<CallTargetMsg['type'], readonly string[]>> = {
  'call-tool': ['name'],
  route: ['vendor', 'tool'],
  'route-capability': ['capability', 'tool'],
};
const OPTIONAL_TEXT_FIELDS = ['callId', 'sessionId', 'agentId', 'idempotencyKey'] as const;

function isText(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200;
}

/** Does `msg` pass its schema, as a quick look can tell? False means "ask the schema", not "invalid". */
function isPlainlyWellFormed(msg: CallTargetMsg): boolean {
  const fields = Object.hasOwn(TARGET_FIELDS, msg.type) ? TARGET_FIELDS[msg.type] : undefined;
  if (fields === undefined) return false;
  const record = msg as unknown as Readonly<Record<string, unknown>>;
  for (const field of fields) if (!isText(record[field])) return false;
  for (const field of OPTIONAL_TEXT_FIELDS) {
    if (record[field] !== undefined && !isText(record[field])) return false;
  }
  const { arguments: args, timeoutMs, events } = msg;
  if (args !== undefined) {
    if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
    const prototype = Object.getPrototypeOf(args);
    if (prototype !== Object.prototype && prototype !== null) return false;
    if (Object.getOwnPropertySymbols(args).length > 0) return false;
  }
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)) return false;
  return events === undefined || isActorRef(events);
}

/**
 * A resolved target. `cacheScope` is where its results may be cached: the one provider
 * group all candidates belong to, or none (a capability spanning groups is not cached,
 * since a group's cache is dropped when that group's tools change).
 */
export interface CallTarget {
  readonly routed: RoutedTool;
  readonly cacheScope?: string;
}

export function resolveCallTarget(state: DirectoryState, msg: CallTargetMsg): CallTarget | GatewayError {
  switch (msg.type) {
    case 'call-tool': {
      const routed =
        state.catalog.resolveExposed(msg.name) ?? unlistedRoute(state, splitExposedName(msg.name));
      return routed ? { routed, cacheScope: routed.group } : notFound(`no tool "${msg.name}"`, msg.name);
    }
    case 'route': {
      const routed =
        state.catalog.resolve(msg.vendor, msg.tool) ??
        unlistedRoute(state, { server: msg.vendor, tool: msg.tool });
      return routed
        ? { routed, cacheScope: routed.group }
        : notFound(`"${msg.vendor}" offers no tool "${msg.tool}"`, msg.tool);
    }
    case 'route-capability':
      return resolveByCapability(state, msg.capability, msg.tool);
  }
}

/**
 * Servers whose `capabilities` or `tags` include `capability` and that list `tool` (its
 * downstream name), in name order. The tool is described as the first of them lists it.
 */
function resolveByCapability(
  state: DirectoryState,
  capability: string,
  tool: string,
): CallTarget | GatewayError {
  const offering: { server: string; tool: Tool; scope: string }[] = [];
  let named = 0;
  const views = [...state.servers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const view of views) {
    const { capabilities, tags } = view.config;
    if (!capabilities.includes(capability) && !tags.includes(capability)) continue;
    named++;
    const listed = view.tools.find((candidate) => candidate.name === tool);
    if (listed) offering.push({ server: view.name, tool: listed, scope: scopeOf(view.config) });
  }
  const [first] = offering;
  if (!first) {
    const why =
      named === 0
        ? `no server has the capability "${capability}"`
        : `no server with the capability "${capability}" offers the tool "${tool}" (now)`;
    return notFound(why, tool);
  }
  const scopes = new Set(offering.map(({ scope }) => scope));
  const routed: RoutedTool = {
    group: first.scope,
    tool: first.tool,
    servers: offering.map(({ server }) => server),
    mismatched: [],
  };
  return scopes.size === 1 ? { routed, cacheScope: first.scope } : { routed };
}

/**
 * A call to a server that has listed no tool yet (it never started: crash loop, missing env,
 * still backing off) goes to that server anyway, which refuses it with the reason — better
 * than "no such tool" for a tool it would have.
 */
function unlistedRoute(
  state: DirectoryState,
  target: { readonly server: string; readonly tool: string } | undefined,
): RoutedTool | undefined {
  const view = target && state.servers.get(target.server);
  if (!target || !view || view.tools.length > 0) return undefined;
  const tool = { name: target.tool, inputSchema: { type: 'object' as const } };
  return { group: view.name, tool, servers: [view.name], mismatched: [] };
}

function notFound(message: string, tool: string): GatewayError {
  return new GatewayError('tool_not_found', message, { tool });
}
