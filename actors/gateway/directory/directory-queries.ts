/**
 * What the directory answers about the servers: the exposed tools and seed 001's
 * capability report from its own views, and — gathered from the server actors, whose
 * answers re-enter through the mailbox — their statuses (with the cache counts the
 * directory keeps), resources, resource templates and prompts.
 *
 * Resources keep their own URIs and are read from the server named with them; prompts
 * are exposed as `<server>__<prompt>` by the tools' naming rule (`naming.ts`), resolved by
 * the table of the last listing, or — before any listing — by the first `__`, which always
 * ends a server's name.
 */
import type { GetPromptResult, Prompt, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { ActorContext, ReplyTo } from '../../../src/kernel/index.js';
import { failed, GatewayError, type GatewayOutcome } from '../errors.js';
import { splitExposedName, ToolNameTable } from '../naming.js';
import { reenter } from '../reenter.js';
import type { ServerListRequest, ServerStatus } from '../server/server-messages.js';
import type {
  CapabilityReport,
  DirectoryInternal,
  DirectoryMsg,
  ExposedPrompt,
  ExposedToolInfo,
  ServerResource,
  ServerResourceTemplate,
} from './directory-messages.js';
import { unknownServer } from './directory-servers.js';
import type { DirectoryState } from './directory-state.js';

type Ctx = ActorContext<DirectoryMsg>;
type Gathered = Extract<DirectoryInternal, { type: 'gathered' }>;

/** How long a server may take over a listing, a read or a status before it is left out. */
const QUERY_ASK_MS = 60_000;

export function listTools(state: DirectoryState): ExposedToolInfo[] {
  return state.catalog.tools.map(({ name, group, tool, servers }) => ({ name, group, tool, servers }));
}

export function discoverCapabilities(state: DirectoryState): CapabilityReport {
  const toolsOf = new Map<string, string[]>();
  for (const { name, servers } of state.catalog.tools) {
    for (const server of servers) toolsOf.set(server, [...(toolsOf.get(server) ?? []), name]);
  }
  return {
    servers: [...state.servers.values()].map(({ name, config, state: kind, health }) => ({
      server: name,
      ...(config.title === undefined ? {} : { title: config.title }),
      ...(config.description === undefined ? {} : { description: config.description }),
      ...(config.provider === undefined ? {} : { provider: config.provider }),
      tags: config.tags,
      capabilities: config.capabilities,
      state: kind,
      health,
      tools: toolsOf.get(name) ?? [],
    })),
  };
}

/** Ask every server (every running one, for lists) and answer once all have, through the mailbox. */
export function gather(
  state: DirectoryState,
  ctx: Ctx,
  what: 'servers' | 'resources' | 'resource-templates' | 'prompts',
): void {
  const replyTo = ctx.deferReply();
  if (!replyTo) return;
  const views = [...state.servers.values()].filter((view) => what === 'servers' || view.state === 'running');
  const message =
    what === 'servers'
      ? ({ type: 'status' } as const)
      : ({ type: 'list', list: what } satisfies ServerListRequest);
  const self = state.self;
  void Promise.all(
    views.map((view) =>
      view.ref.ask<GatewayOutcome<unknown>>(message, { timeoutMs: QUERY_ASK_MS }).then(
        (outcome) => [view.name, outcome] as const,
        (error: unknown) => [view.name, failed(error)] as const,
      ),
    ),
  ).then((results) => reenter(self, { type: 'gathered', replyTo, what, results }));
}

/** Answers gathered from the servers: merged into one answer. */
export function onGathered(state: DirectoryState, ctx: Ctx, msg: Gathered): void {
  const { replyTo, results } = msg;
  const answered = results.flatMap(([server, outcome]) =>
    outcome.ok ? [[server, outcome.value] as const] : [],
  );
  switch (msg.what) {
    case 'servers':
      reply(
        ctx,
        replyTo,
        answered.map(([, status]) => withCacheCounts(state, status as ServerStatus)),
      );
      return;
    case 'resources':
      reply(
        ctx,
        replyTo,
        answered.flatMap(([server, list]) =>
          (list as Resource[]).map((resource): ServerResource => ({ server, resource })),
        ),
      );
      return;
    case 'resource-templates':
      reply(
        ctx,
        replyTo,
        answered.flatMap(([server, list]) =>
          (list as ResourceTemplate[]).map((template): ServerResourceTemplate => ({ server, template })),
        ),
      );
      return;
    case 'prompts': {
      const listed = answered.flatMap(([server, list]) =>
        (list as Prompt[]).map((prompt) => ({ server, prompt })),
      );
      const table = new ToolNameTable(listed.map(({ server, prompt }) => ({ server, tool: prompt.name })));
      state.prompts = table;
      const prompts = listed.map(
        ({ server, prompt }): ExposedPrompt => ({
          name: table.exposedName(server, prompt.name) ?? '',
          server,
          prompt,
        }),
      );
      reply(ctx, replyTo, prompts);
      return;
    }
    case 'shutdown':
      reply(ctx, replyTo, null);
      return;
  }
}

/** A server's answer handed on (a restart's status gets the cache counts). */
export function onRelay(
  state: DirectoryState,
  ctx: Ctx,
  msg: Extract<DirectoryInternal, { type: 'relay' }>,
): void {
  const { outcome } = msg;
  if (msg.status && outcome.ok)
    reply(ctx, msg.replyTo, withCacheCounts(state, outcome.value as ServerStatus));
  else ctx.replyTo(msg.replyTo, outcome);
}

/** Read a resource from the server that lists it. */
export function readResource(state: DirectoryState, ctx: Ctx, server: string, uri: string): void {
  ask(state, ctx, server, { type: 'read-resource', uri });
}

/** Get a prompt by its exposed name. */
export function getPrompt(
  state: DirectoryState,
  ctx: Ctx,
  name: string,
  args: Readonly<Record<string, string>>,
): void {
  const target = state.prompts?.resolve(name) ?? splitExposedName(name);
  if (!target) {
    const replyTo = ctx.deferReply();
    if (replyTo) ctx.replyTo(replyTo, failed(new GatewayError('tool_not_found', `no prompt "${name}"`)));
    return;
  }
  ask(state, ctx, target.server, { type: 'get-prompt', name: target.tool, arguments: args });
}

function ask(state: DirectoryState, ctx: Ctx, server: string, message: ServerListRequest): void {
  const replyTo = ctx.deferReply();
  if (!replyTo) return;
  const view = state.servers.get(server);
  if (!view) {
    ctx.replyTo(replyTo, failed(unknownServer(server)));
    return;
  }
  const self = state.self;
  view.ref.ask<GatewayOutcome<GetPromptResult | unknown>>(message, { timeoutMs: QUERY_ASK_MS }).then(
    (outcome) => reenter(self, { type: 'relay', replyTo, outcome }),
    (error: unknown) => reenter(self, { type: 'relay', replyTo, outcome: failed(error) }),
  );
}

/** Each server's own counts: hits of the entries it answered, misses it then answered. */
function withCacheCounts(state: DirectoryState, status: ServerStatus): ServerStatus {
  return state.servers.has(status.name)
    ? { ...status, cache: state.cache.countsOfServer(status.name) }
    : status;
}

function reply(ctx: Ctx, replyTo: ReplyTo, value: unknown): void {
  ctx.replyTo(replyTo, { ok: true, value });
}
