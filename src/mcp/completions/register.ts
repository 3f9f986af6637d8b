/**
 * The `completions` capability of one MCP session (`completion/complete`): ids for the
 * resource templates' `{id}` — agents, inboxes this session acts for, sessions, tasks,
 * workflows, runs this session may read — and for the orchestration prompts' agent and
 * workflow arguments (a comma-separated list completes its last id). Matches are by prefix
 * from the domain's tables (`id-prefix.ts`): at most 100, `hasMore` when more match. An
 * argument that names nothing completable answers no values; an unknown prompt or template
 * is -32602. Downstream prompts (`<server>__<prompt>`) complete nothing through troupe.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema, type CompleteResult } from '@modelcontextprotocol/sdk/types.js';
import { AGENTS_TABLE } from '../../../actors/coordination/agents/agent-record.js';
import { SESSIONS_TABLE } from '../../../actors/coordination/sessions/session-indexes.js';
import { TASKS_TABLE } from '../../../actors/coordination/tasks/task-indexes.js';
import { isAgentInScope, isInScope, tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import { CATALOG_TABLE, RUNS_TABLE, type RunRecord } from '../../../actors/workflows/index.js';
import { ORCHESTRATION_PATTERNS } from '../prompts/patterns.js';
import type { ArgumentKind } from '../prompts/prompt-arguments.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';
import { actingFor, type ResourceAccess, readerOf } from '../resources/access.js';
import type { ResourceSources } from '../resources/sources.js';
import { type TemplateName, URI_TEMPLATES } from '../resources/uris.js';
import { type IdMatches, idsWithPrefix, MAX_COMPLETIONS } from './id-prefix.js';

const NOTHING: IdMatches = { values: [], hasMore: false };

/** Call before the server connects. `isDownstreamPrompt` tells a gateway's `<server>__<prompt>` names. */
export function registerCompletions(
  server: Server,
  sources: ResourceSources,
  access: ResourceAccess,
  isDownstreamPrompt: (name: string) => boolean = () => false,
): void {
  const complete = completerOf(sources, access);
  const templates = new Map(
    (Object.entries(URI_TEMPLATES) as [TemplateName, string][]).map(([name, uri]) => [uri, name]),
  );
  server.registerCapabilities({ completions: {} });
  server.setRequestHandler(CompleteRequestSchema, async (request): Promise<CompleteResult> => {
    const { ref, argument } = request.params;
    if (ref.type === 'ref/resource') {
      const template = templates.get(ref.uri);
      if (template === undefined)
        throw protocolError(INVALID_PARAMS, `Resource template ${ref.uri} not found`, { uri: ref.uri });
      return resultOf(argument.name === 'id' ? complete.template(template, argument.value) : NOTHING);
    }
    const found = ORCHESTRATION_PATTERNS.get(ref.name);
    if (found === undefined) {
      if (isDownstreamPrompt(ref.name)) return resultOf(NOTHING);
      throw protocolError(INVALID_PARAMS, `Prompt ${ref.name} not found`, { prompt: ref.name });
    }
    const kind = found.arguments.find((spec) => spec.name === argument.name)?.kind ?? 'text';
    return resultOf(complete.argument(kind, argument.value));
  });
}

function resultOf(matches: IdMatches): CompleteResult {
  return { completion: { values: matches.values.slice(0, MAX_COMPLETIONS), hasMore: matches.hasMore } };
}

function completerOf(sources: ResourceSources, access: ResourceAccess) {
  const coordination = sources.domain.system;
  // Only ids of the reading session's tenant are completed (`coordination/tenancy.ts`).
  const scope = () => tenantScopeOf(coordination, readerOf(access));
  const agents = (prefix: string) => {
    const within = scope();
    return idsWithPrefix(coordination.table(AGENTS_TABLE), prefix, ({ key }) =>
      isAgentInScope(coordination, within, key[0] as string),
    );
  };
  const tenanted = (table: string, prefix: string) => {
    const within = scope();
    return idsWithPrefix(coordination.table<{ readonly tenantId?: string }>(table), prefix, ({ value }) =>
      isInScope(within, value.tenantId),
    );
  };
  const workflows = (prefix: string) => idsWithPrefix(sources.system.table(CATALOG_TABLE), prefix);
  const template = (name: TemplateName, prefix: string): IdMatches => {
    switch (name) {
      case 'agent':
        return agents(prefix);
      case 'inbox': {
        const mine = actingFor(access).filter((id) => id.startsWith(prefix));
        return { values: mine.slice(0, MAX_COMPLETIONS), hasMore: mine.length > MAX_COMPLETIONS };
      }
      case 'session':
        return tenanted(SESSIONS_TABLE, prefix);
      case 'task':
        return tenanted(TASKS_TABLE, prefix);
      case 'workflow':
        return workflows(prefix);
      case 'run': {
        const mine = new Set(actingFor(access));
        const within = scope();
        return idsWithPrefix(
          sources.system.table<RunRecord>(RUNS_TABLE),
          prefix,
          ({ value }) =>
            isInScope(within, value.tenantId) && (value.startedBy === undefined || mine.has(value.startedBy)),
        );
      }
      default: {
        const unknown: never = name;
        return unknown;
      }
    }
  };
  const argument = (kind: ArgumentKind, value: string): IdMatches => {
    switch (kind) {
      case 'agent':
        return agents(value.trim());
      case 'agents': {
        // A list completes its last id; the values are the whole list with it completed.
        const cut = value.lastIndexOf(',');
        const rest = value.slice(cut + 1);
        const head = value.slice(0, cut + 1) + (/^\s*/.exec(rest)?.[0] ?? '');
        const given = new Set(head.split(',').map((id) => id.trim()));
        const matches = agents(rest.trim());
        const values = matches.values.filter((id) => !given.has(id)).map((id) => `${head}${id}`);
        return { values, hasMore: matches.hasMore };
      }
      case 'workflow':
        return workflows(value.trim());
      case 'text':
        return NOTHING;
      default: {
        const unknown: never = kind;
        return unknown;
      }
    }
  };
  return { template, argument };
}
