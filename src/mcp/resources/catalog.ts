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
 * Templates list their instances (agents, tasks; the inboxes and sessions this MCP session may
 * read: `access.ts`) and complete agent ids.
 * Every record is in the MCP record style (`records/`): snake_case keys, ISO-8601 times.
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Agent } from '../../../actors/coordination/agent.js';
import type { InboxMessage } from '../../../actors/coordination/inbox.js';
import type { Lease } from '../../../actors/coordination/locks.js';
import type { Session } from '../../../actors/coordination/sessions.js';
import type { Task } from '../../../actors/coordination/tasks.js';
import { checkHealth } from '../health.js';
import {
  agentRecord,
  leaseRecord,
  messageRecord,
  sessionRecord,
  taskRecord,
  treeRecord,
} from '../records/index.js';
import { actingFor, assertActsFor, assertActsForOneOf, type ResourceAccess } from './access.js';
import { askerOf, JSON_MIME, jsonContents, single } from './contents.js';
import type { ResourceSources } from './sources.js';
import { FIXED_URIS, URI_TEMPLATES, uriOf } from './uris.js';

export function registerResourceCatalog(
  server: McpServer,
  sources: ResourceSources,
  access: ResourceAccess,
): void {
  const { system } = sources;
  const [registry, post, sessions, tasks, locks] = [
    askerOf(sources.registry),
    askerOf(sources.post),
    askerOf(sources.sessions),
    askerOf(sources.tasks),
    askerOf(sources.locks),
  ];
  const json = { mimeType: JSON_MIME } as const;
  const allAgents = (uri: string) => registry<Agent[]>({ type: 'find', filter: {} }, uri);
  const agentRecords = async (uri: string) => (await allAgents(uri)).map(agentRecord);
  const agentIds = async (prefix: string) =>
    (await allAgents(FIXED_URIS.agents)).map((a) => a.id).filter((id) => id.startsWith(prefix));

  server.registerResource(
    'agents',
    FIXED_URIS.agents,
    { title: 'Agents', description: 'Every registered agent (public fields; never a token).', ...json },
    async (uri) => jsonContents(uri, { agents: await agentRecords(uri.toString()) }),
  );
  server.registerResource(
    'agent',
    new ResourceTemplate(URI_TEMPLATES.agent, {
      list: async () => ({
        resources: (await allAgents(FIXED_URIS.agents)).map((a) => ({
          uri: uriOf('agent', a.id),
          name: `agent ${a.id}`,
          title: a.name,
          ...json,
        })),
      }),
      complete: { id: agentIds },
    }),
    { title: 'Agent', description: 'One agent: role, capabilities, status, last seen.', ...json },
    async (uri, { id }) =>
      jsonContents(uri, {
        agent: agentRecord(await registry<Agent>({ type: 'get', agentId: single(id) }, uri)),
      }),
  );
  server.registerResource(
    'inbox',
    new ResourceTemplate(URI_TEMPLATES.inbox, {
      list: async () => ({
        resources: (await allAgents(FIXED_URIS.agents))
          .filter((a) => actingFor(access).includes(a.id))
          .map((a) => ({
            uri: uriOf('inbox', a.id),
            name: `inbox ${a.id}`,
            title: `${a.name}'s inbox`,
            ...json,
          })),
      }),
      complete: { id: agentIds },
    }),
    {
      title: 'Inbox',
      description:
        'The messages kept for an agent (urgent first), read without acknowledging them — by a session acting for it. Subscribe to hear of each new one.',
      ...json,
    },
    async (uri, { id }) => {
      await assertActsFor(access, single(id), uri);
      return jsonContents(uri, {
        agent_id: single(id),
        messages: (await post<InboxMessage[]>({ type: 'peek', agentId: single(id) }, uri)).map(messageRecord),
      });
    },
  );
  server.registerResource(
    'session',
    new ResourceTemplate(URI_TEMPLATES.session, {
      list: async () => ({
        resources: (await sessions<Session[]>({ type: 'list' }, FIXED_URIS.agents))
          .filter((s) => membersOf(s).some((member) => actingFor(access).includes(member)))
          .map((s) => ({
            uri: uriOf('session', s.id),
            name: `session ${s.id}`,
            title: s.title,
            ...json,
          })),
      }),
    }),
    {
      title: 'Session',
      description:
        'One collaboration session: participants and shared state — for its coordinator and participants.',
      ...json,
    },
    async (uri, { id }) => {
      const session = await sessions<Session>({ type: 'get', sessionId: single(id) }, uri);
      await assertActsForOneOf(access, membersOf(session), uri);
      return jsonContents(uri, { session: sessionRecord(session) });
    },
  );
  server.registerResource(
    'task',
    new ResourceTemplate(URI_TEMPLATES.task, {
      list: async () => ({
        resources: (await tasks<Task[]>({ type: 'list' }, FIXED_URIS.agents)).map((t) => ({
          uri: uriOf('task', t.id),
          name: `task ${t.id}`,
          title: t.description,
          ...json,
        })),
      }),
    }),
    { title: 'Task', description: 'One task: status, assignee, subtasks, result.', ...json },
    async (uri, { id }) =>
      jsonContents(uri, { task: taskRecord(await tasks<Task>({ type: 'get', taskId: single(id) }, uri)) }),
  );
  server.registerResource(
    'locks',
    FIXED_URIS.locks,
    { title: 'File locks', description: 'The live file leases: path, holder, expiry.', ...json },
    async (uri) =>
      jsonContents(uri, { leases: (await locks<Lease[]>({ type: 'list' }, uri)).map(leaseRecord) }),
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
export function membersOf(session: Session): readonly string[] {
  return [session.coordinatorId, ...session.participantIds];
}
