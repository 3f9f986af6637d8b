/**
 * Tenants (issue 17, item 2): `tenant_id` scopes agents, sessions, tasks, locks and workflow
 * runs — nothing crosses tenants. One `troupe serve --config <policy>` over HTTP; two MCP
 * sessions, each acting as a user of its tenant (`attach_auth_context`) with two agents it
 * registered there. Every list, read and change path is tried from each tenant on the other's
 * ids: lists leave them out, reads and changes answer as for an id that does not exist
 * (`unknown_agent`, `unknown_session`, `not_found`), locks are namespaced (both tenants hold
 * `src/a.ts` at once), assignment picks only the tenant's agents, messages and broadcasts
 * stay inside it, and resources and completions show only the reading session's tenant.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectHttp, type RunningTroupe, startTroupe, stopTroupes } from '../../serve/http/http-troupe.js';
import { caller, freshDataDir, removeDataDirs, type Structured } from '../serve-client.js';

const ADMIN = 'operator-token-for-the-tenant-test';
const POLICY = { roles: { coder: { allow: ['*'] } }, default_role: 'coder', token_ttl: '1h' };
/** A workflow that waits for a signal: its run stays open while the other tenant tries it. */
const GATED = {
  name: 'Gated',
  version: '1',
  steps: [{ name: 'go', wait: { signal: 'go' } }],
};

type Call = (name: string, args: Record<string, unknown>) => Promise<Structured>;

interface Tenant {
  readonly name: string;
  readonly call: Call;
  readonly client: Client;
  /** Its two agents: `lead` coordinates, `mate` works. */
  readonly lead: string;
  readonly mate: string;
}

/** What one tenant made, for the other to try. */
interface Made {
  readonly sessionId: string;
  readonly taskId: string;
  readonly runId: string;
}

let troupe: RunningTroupe;
const clients: Client[] = [];

async function session(): Promise<{ call: Call; client: Client }> {
  const { client } = await connectHttp(troupe);
  clients.push(client);
  return { client, call: caller(client) };
}

async function operator(): Promise<{ call: Call; client: Client }> {
  const opened = await session();
  expect((await opened.call('authenticate_operator', { admin_token: ADMIN })).operator).toBe(true);
  return opened;
}

async function tenant(name: string, user: string): Promise<Tenant> {
  const { call, client } = await operator();
  const attached = await call('attach_auth_context', { user_id: user, tenant_id: name, roles: ['coder'] });
  expect(attached.tenant_id).toBe(name);
  const [lead, mate] = [`${name}-lead`, `${name}-mate`];
  for (const id of [lead, mate]) {
    const registered = await call('register_agent', {
      id,
      name: id,
      role: 'worker',
      model_type: 'llm',
      model_version: '1',
      capabilities: ['review'],
    });
    expect(registered.error).toBeUndefined();
  }
  return { name, call, client, lead, mate };
}

const ids = (items: unknown, field = 'id') => (items as Record<string, string>[]).map((item) => item[field]);

/** Work of `me`: a session, a task delegated by pick, a lock, a run, a broadcast; what it made. */
async function makeWork(me: Tenant): Promise<Made> {
  const created = await me.call('create_collaboration_session', {
    agent_id: me.lead,
    title: `${me.name} session`,
    participant_model_ids: [me.mate],
  });
  expect(created.error).toBeUndefined();
  const sessionId = (created.session as { id: string }).id;
  // Assignment by pick: the least loaded agent with the capability — of this tenant only.
  const delegated = await me.call('delegate_subtask', {
    coordinator_agent_id: me.lead,
    subtask_id: `${me.name}-task`,
    subtask_description: 'review it',
    required_capabilities: ['review'],
  });
  expect(delegated.error).toBeUndefined();
  expect([me.lead, me.mate]).toContain((delegated.task as { assigned_agent_id: string }).assigned_agent_id);
  const locked = await me.call('acquire_file_lock', { path: 'src/a.ts', ttl_s: 120, agent_id: me.lead });
  expect(locked.error, `${me.name} locks src/a.ts`).toBeUndefined();
  const run = await me.call('execute_workflow', { workflow_id: 'Gated', triggering_agent_id: me.lead });
  expect(run.error).toBeUndefined();
  return { sessionId, taskId: `${me.name}-task`, runId: run.run_id as string };
}

/** `me` tries every path on `other`'s ids and agents: nothing of `other` is seen or reached. */
async function expectIsolated(me: Tenant, other: Tenant, theirs: Made): Promise<void> {
  const as = { agent_id: me.lead };
  const code = async (name: string, args: Record<string, unknown>) => (await me.call(name, args)).error?.code;

  // Agents: listed, read, messaged, asked for help, named in a session — another tenant's do not exist.
  const agents = ids((await me.call('find_agents', {})).agents);
  expect(agents.sort()).toEqual([me.lead, me.mate].sort());
  expect(ids((await me.call('find_agents', { capabilities: ['review'] })).agents).sort()).toEqual(
    [me.lead, me.mate].sort(),
  );
  for (const [name, args] of [
    ['send_message', { sender_id: me.lead, recipient_id: other.mate, content: 'hi' }],
    [
      'request_assistance',
      { requesting_agent_id: me.lead, task_description: 'help', target_agent_id: other.mate },
    ],
    ['check_agent_responsiveness', { agent_id: other.mate }],
    ['invite_to_session', { agent_id: me.lead, session_id: theirs.sessionId, agent_ids: [other.mate] }],
  ] as const)
    expect(await code(name, args), name).toBe('unknown_agent');
  const help = await me.call('request_assistance', {
    requesting_agent_id: me.lead,
    task_description: 'help',
    required_capabilities: ['review'],
  });
  expect(ids((help.messages as unknown[]) ?? [], 'recipient_id')).toEqual([me.mate]);

  // Sessions.
  expect(ids((await me.call('list_sessions', {})).sessions)).not.toContain(theirs.sessionId);
  for (const name of ['join_session', 'get_session_state', 'leave_session'])
    expect(await code(name, { ...as, session_id: theirs.sessionId }), name).toBe('unknown_session');
  expect(await code('set_session_state', { ...as, session_id: theirs.sessionId, key: 'k', value: 1 })).toBe(
    'unknown_session',
  );

  // Tasks: not listed, not read, not changed, not delegated, not a parent.
  expect(ids((await me.call('list_tasks', as)).tasks)).not.toContain(theirs.taskId);
  expect(ids((await me.call('list_tasks', { ...as, status: 'assigned' })).tasks)).not.toContain(
    theirs.taskId,
  );
  for (const [name, args] of [
    ['get_task', { ...as, task_id: theirs.taskId }],
    ['update_task_status', { ...as, task_id: theirs.taskId, status: 'completed' }],
    ['create_task', { ...as, description: 'sub', parent_task_id: theirs.taskId }],
    [
      'delegate_subtask',
      {
        coordinator_agent_id: me.lead,
        subtask_id: theirs.taskId,
        subtask_description: 'take it over',
        assigned_agent_id: me.mate,
      },
    ],
  ] as const)
    expect(await code(name, args), name).toBe('not_found');

  // Locks: namespaced — mine is mine, theirs is neither listed, nor renewed, released or forced from here.
  const leases = (await me.call('list_file_locks', {})).leases as { holder_id: string }[];
  expect(leases.map((lease) => lease.holder_id)).toEqual([me.lead]);
  expect(
    ((await me.call('check_file_lock', { path: 'src/a.ts' })).lease as { holder_id: string }).holder_id,
  ).toBe(me.lead);
  expect(await code('release_file_lock', { path: 'src/a.ts', agent_id: me.mate })).toBe('not_holder');

  // Workflow runs.
  const runs = (await me.call('list_workflow_runs', as)).runs as { runId?: string; run_id?: string }[];
  expect(runs.map((run) => run.run_id ?? run.runId)).not.toContain(theirs.runId);
  for (const [name, args] of [
    ['get_workflow_run', { ...as, run_id: theirs.runId }],
    ['signal_workflow', { ...as, run_id: theirs.runId, signal: 'go' }],
    ['pause_workflow_run', { ...as, run_id: theirs.runId }],
    ['cancel_workflow_run', { ...as, run_id: theirs.runId }],
  ] as const)
    expect(await code(name, args), name).toBe('not_found');
  expect(
    await code('execute_workflow', {
      workflow_id: 'Gated',
      triggering_agent_id: me.lead,
      run_id: theirs.runId,
    }),
  ).toBe('not_found');

  // Resources and completions: the session's tenant only.
  const read = async (uri: string) =>
    JSON.parse(((await me.client.readResource({ uri })).contents[0] as { text: string }).text);
  expect(ids((await read('troupe://agents')).agents).sort()).toEqual([me.lead, me.mate].sort());
  expect(((await read('troupe://locks')).leases as { holder_id: string }[]).map((l) => l.holder_id)).toEqual([
    me.lead,
  ]);
  for (const uri of [
    `troupe://agents/${other.mate}`,
    `troupe://tasks/${theirs.taskId}`,
    `troupe://sessions/${theirs.sessionId}`,
    `troupe://runs/${theirs.runId}`,
  ]) {
    await expect(me.client.readResource({ uri }), uri).rejects.toThrow(/not found|no /i);
  }
  for (const uri of [`troupe://sessions/${theirs.sessionId}`, `troupe://runs/${theirs.runId}`])
    await expect(me.client.subscribeResource({ uri }), `subscribe ${uri}`).rejects.toThrow();
  const listed = await me.client.listResources();
  const uris = listed.resources.map((resource) => resource.uri).join(' ');
  for (const id of [other.lead, other.mate, theirs.taskId, theirs.runId]) expect(uris).not.toContain(id);
  const completed = await me.client.complete({
    ref: { type: 'ref/resource', uri: 'troupe://agents/{id}' },
    argument: { name: 'id', value: other.name },
  });
  expect(completed.completion.values).toEqual([]);
}

let config = '';

beforeAll(async () => {
  const dataDir = freshDataDir('tenants');
  config = join(dataDir, '..', `${dataDir.split('/').pop()}-policy.json`);
  writeFileSync(config, JSON.stringify(POLICY));
  troupe = await startTroupe({ args: ['--config', config], env: { TROUPE_ADMIN_TOKEN: ADMIN } });
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await stopTroupes();
  removeDataDirs();
  if (config) rmSync(config, { force: true });
});

it('keeps agents, sessions, tasks, locks, runs, messages and resources of two tenants apart, both ways', async () => {
  const admin = await operator();
  expect((await admin.call('define_workflow', { definition: GATED })).error).toBeUndefined();
  const t1 = await tenant('t1', 'ann');
  const t2 = await tenant('t2', 'bob');

  // Broadcasts stay in the sender's tenant: both mates listen, only the sender's own hears.
  for (const { call, mate } of [t1, t2])
    expect(
      (await call('subscribe_system_events', { agent_id: mate, event_types: ['deploy'] })).error,
    ).toBeUndefined();
  const made1 = await makeWork(t1);
  const made2 = await makeWork(t2);
  const sent = await t1.call('broadcast_system_event', { sender_id: t1.lead, event_type: 'deploy', data: 1 });
  expect(ids(sent.messages, 'recipient_id')).toEqual([t1.mate]);
  expect((await t2.call('fetch_inbox', { agent_id: t2.mate })).messages).toEqual([]);

  await expectIsolated(t1, t2, made2);
  await expectIsolated(t2, t1, made1);

  // Each tenant still reaches its own: its run, its task, its session, its lock.
  for (const [me, mine] of [
    [t1, made1],
    [t2, made2],
  ] as const) {
    expect(
      (await me.call('get_workflow_run', { agent_id: me.lead, run_id: mine.runId })).error,
    ).toBeUndefined();
    expect((await me.call('get_task', { agent_id: me.lead, task_id: mine.taskId })).error).toBeUndefined();
    expect(
      (await me.call('get_session_state', { agent_id: me.lead, session_id: mine.sessionId })).error,
    ).toBeUndefined();
    expect(
      (await me.call('release_file_lock', { path: 'src/a.ts', agent_id: me.lead })).error,
    ).toBeUndefined();
  }

  // A run's agent step: its task is in the run's tenant, given to one of that tenant's agents.
  const note = {
    name: 'Note',
    version: '1',
    steps: [{ step_id: 'write', description: 'write it', assigned_role: 'worker', depends_on: [] }],
  };
  expect((await admin.call('define_workflow', note)).error).toBeUndefined();
  expect(
    (await t1.call('execute_workflow', { workflow_id: 'Note', triggering_agent_id: t1.lead })).error,
  ).toBeUndefined();
  const stepTasks = async (me: Tenant) =>
    (
      (await me.call('list_tasks', { agent_id: me.lead })).tasks as {
        id: string;
        assigned_agent_id: string;
      }[]
    ).filter((task) => task.id.startsWith('wf-'));
  let steps: { id: string; assigned_agent_id: string }[] = [];
  for (let tries = 0; tries < 100 && steps.length === 0; tries++) {
    steps = await stepTasks(t1);
    if (steps.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(steps).toHaveLength(1);
  expect([t1.lead, t1.mate]).toContain(steps[0]?.assigned_agent_id);
  expect(await stepTasks(t2)).toEqual([]);

  // The operator stands above tenants: it lists both tenants' agents and runs.
  const everyone = ids((await admin.call('find_agents', {})).agents);
  expect(everyone).toEqual(expect.arrayContaining([t1.lead, t1.mate, t2.lead, t2.mate]));
}, 60_000);
