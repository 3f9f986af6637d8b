/**
 * The resources troupe serves, all `application/json`, each read by asking a domain actor
 * (or the kernel's public `inspect`, for the supervision tree) — no data of its own:
 *
 * | URI | shows |
 * |---|---|
 * | `troupe://agents` | every registered agent, public fields only |
 * | `troupe://agents/{id}` | one agent |
 * | `troupe://agents/{id}/inbox` | the messages kept for it, left unacknowledged — for a session acting for it |
 * | `troupe://sessions/{id}` | one session: participants and shared state — for its members |
 * | `troupe://tasks/{id}` | one task |
 * | `troupe://locks` | the live file leases |
 * | `troupe://health` | the `health` tool's report |
 * | `troupe://supervision-tree` | the actor tree: kind, thread, status, mailbox, restarts |
 *
 * Beside them: `troupe://waits` (the wait-for graph and recent deadlocks, when the runtime runs
 * a deadlock detector: `waits.ts`) and, with a gateway, `troupe://servers` (`servers.ts`).
 *
 * Templates list their instances (agents, tasks; the inboxes and sessions this MCP session may
 * read: `access.ts`); their ids are completed by `completions/register.ts`.
 * Every record is in the MCP record style (`records/`): snake_case keys, ISO-8601 times.
 */

import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Agent } from '../../../actors/coordination/agents/agent-record.js';
import { findAgents, getAgent } from '../../../actors/coordination/agents/api.js';
import { ANONYMOUS, agentCaller, type Caller } from '../../../actors/coordination/caller.js';
import { listFileLocks } from '../../../actors/coordination/locks/index.js';
import { peekInbox } from '../../../actors/coordination/messaging/api.js';
import type { Page } from '../../../actors/coordination/page.js';
import { getSession, getSessionState, listSessions } from '../../../actors/coordination/sessions/api.js';
import type { SessionRecord as DomainSession } from '../../../actors/coordination/sessions/session-record.js';
import { getTask, listTasks } from '../../../actors/coordination/tasks/api.js';
import { tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import type { Outcome } from '../../kernel/index.js';
import { checkHealth } from '../health.js';
import {
  agentRecord,
  leaseRecord,
  messageRecord,
  sessionStateRecord,
  taskRecordOf,
  treeRecord,
} from '../records/index.js';
import { actingFor, assertActsFor, assertActsForOneOf, type ResourceAccess, readerOf } from './access.js';
import { JSON_MIME, jsonContents, resourceValue, single } from './contents.js';
import type { ResourceSources } from './sources.js';
import { FIXED_URIS, URI_TEMPLATES, uriOf } from './uris.js';

/** How many records a listing resource shows (the tools page through the rest). */
export const RESOURCE_LIST_CAP = 1_000;

/** Up to `RESOURCE_LIST_CAP` items of a paged read, following its cursors. */
async function upToCap<T>(read: (cursor: string | undefined) => Promise<Outcome<Page<T>>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    if (!page.ok) return items;
    items.push(...page.value.items);
    cursor = page.value.next_cursor ?? undefined;
  } while (cursor !== undefined && items.length < RESOURCE_LIST_CAP);
  return items.slice(0, RESOURCE_LIST_CAP);
}

export function registerResourceCatalog(
  server: McpServer,
  sources: ResourceSources,
  access: ResourceAccess,
): void {
  const { system, domain } = sources;
  const json = { mimeType: JSON_MIME } as const;
  // Every read is in the reading session's tenant (`readerOf`): another tenant's records are not found.
  const scope = () => tenantScopeOf(system, readerOf(access));
  const allAgents = () => {
    const within = scope();
    return upToCap<Agent>((cursor) =>
      findAgents(domain, {}, { limit: 500, ...(cursor ? { cursor } : {}) }, within),
    );
  };

  server.registerResource(
    'agents',
    FIXED_URIS.agents,
    {
      title: 'Agents',
      description: `Registered agents, public fields only (never a token); the first ${RESOURCE_LIST_CAP} by id — find_agents pages through all.`,
      ...json,
    },
    async (uri) => jsonContents(uri, { agents: (await allAgents()).map(agentRecord) }),
  );
  server.registerResource(
    'agent',
    new ResourceTemplate(URI_TEMPLATES.agent, {
      list: async () => ({
        resources: (await allAgents()).map((a) => ({
          uri: uriOf('agent', a.id),
          name: `agent ${a.id}`,
          title: a.name,
          ...json,
        })),
      }),
    }),
    { title: 'Agent', description: 'One agent: role, capabilities, status, last seen.', ...json },
    async (uri, { id }) =>
      jsonContents(uri, {
        agent: agentRecord(resourceValue(await getAgent(domain, single(id), scope()), uri)),
      }),
  );
  server.registerResource(
    'inbox',
    new ResourceTemplate(URI_TEMPLATES.inbox, {
      list: async () => ({
        resources: actingFor(access).map((agentId) => ({
          uri: uriOf('inbox', agentId),
          name: `inbox ${agentId}`,
          title: `${agentId}'s inbox`,
          ...json,
        })),
      }),
    }),
    {
      title: 'Inbox',
      description: `The messages kept for an agent (urgent first; the first ${RESOURCE_LIST_CAP}), read without acknowledging them — by a session acting for it. Subscribe to hear of each new one.`,
      ...json,
    },
    async (uri, { id }) => {
      const agentId = single(id);
      await assertActsFor(access, agentId, uri);
      resourceValue(await getAgent(domain, agentId, scope()), uri);
      const messages = await upToCap((cursor) =>
        peekInbox(domain, agentCaller(agentId), { agentId, limit: 500, ...(cursor ? { cursor } : {}) }),
      );
      return jsonContents(uri, { agent_id: agentId, messages: messages.map(messageRecord) });
    },
  );
  server.registerResource(
    'session',
    new ResourceTemplate(URI_TEMPLATES.session, {
      list: async () => {
        const mine = new Map<string, DomainSession>();
        for (const agentId of actingFor(access))
          for (const session of await upToCap<DomainSession>((cursor) =>
            listSessions(
              system,
              agentCaller(agentId),
              { participantId: agentId },
              { limit: 500, ...(cursor ? { cursor } : {}) },
            ),
          ))
            mine.set(session.id, session);
        return {
          resources: [...mine.values()].map((s) => ({
            uri: uriOf('session', s.id),
            name: `session ${s.id}`,
            title: s.title,
            ...json,
          })),
        };
      },
    }),
    {
      title: 'Session',
      description:
        'One collaboration session: participants and shared state — for its coordinator and participants.',
      ...json,
    },
    async (uri, { id }) => {
      const sessionId = single(id);
      const members = await membersOf(sources, sessionId, uri, readerOf(access));
      await assertActsForOneOf(access, members, uri);
      const reader = actingFor(access).find((agentId) => members.includes(agentId));
      const contents = await getSessionState(system, reader ? agentCaller(reader) : ANONYMOUS, { sessionId });
      return jsonContents(uri, sessionStateRecord(resourceValue(contents, uri)));
    },
  );
  server.registerResource(
    'task',
    new ResourceTemplate(URI_TEMPLATES.task, {
      list: async () => ({
        resources: (
          await upToCap((cursor) =>
            listTasks(system, readerOf(access), {}, { limit: 500, ...(cursor ? { cursor } : {}) }),
          )
        ).map((t) => ({ uri: uriOf('task', t.id), name: `task ${t.id}`, title: t.description, ...json })),
      }),
    }),
    {
      title: 'Task',
      description:
        'One task: status, assignee, subtasks; its result and context only for a session acting for its coordinator, creator or assignee.',
      ...json,
    },
    async (uri, { id }) => {
      const taskId = single(id);
      // The fullest view any agent this session acts for may have; an anonymous one otherwise.
      const reader = readerOf(access);
      const callers: Caller[] = [...actingFor(access).map(agentCaller), reader];
      let shown = resourceValue(await getTask(system, reader, { taskId }), uri);
      for (const caller of callers) {
        const view = await getTask(system, caller, { taskId });
        if (view.ok && view.value.result !== null) {
          shown = view.value;
          break;
        }
      }
      return jsonContents(uri, { task: taskRecordOf(shown) });
    },
  );
  server.registerResource(
    'locks',
    FIXED_URIS.locks,
    {
      title: 'File locks',
      description: `The live file leases: path, holder, expiry (the first ${RESOURCE_LIST_CAP}; list_file_locks pages through all).`,
      ...json,
    },
    async (uri) =>
      jsonContents(uri, {
        leases: (
          await upToCap((cursor) =>
            Promise.resolve(
              listFileLocks(system, { limit: 500, ...(cursor ? { cursor } : {}) }, readerOf(access)),
            ),
          )
        ).map(leaseRecord),
      }),
  );
  server.registerResource(
    'health',
    FIXED_URIS.health,
    { title: 'Health', description: 'The health report (the same as the health tool).', ...json },
    async (uri) => jsonContents(uri, await checkHealth(system, sources.supervisors)),
  );
  server.registerResource(
    'supervision-tree',
    FIXED_URIS.supervisionTree,
    {
      title: 'Supervision tree',
      description:
        "The actor tree: each actor's kind, thread, status, mailbox depth and restarts; recent incidents.",
      ...json,
    },
    async (uri) => jsonContents(uri, treeRecord(await system.inspect())),
  );
}

/** Who may read a session: its coordinator and its participants. */
/** Who may see a session: its coordinator and participants (an unknown session is not found). */
export async function membersOf(
  sources: Pick<ResourceSources, 'system'>,
  sessionId: string,
  uri: URL | string,
  reader: Caller = ANONYMOUS,
): Promise<readonly string[]> {
  const session = resourceValue(await getSession(sources.system, reader, { sessionId }), uri);
  return [...(session.coordinatorId === null ? [] : [session.coordinatorId]), ...session.participantIds];
}
