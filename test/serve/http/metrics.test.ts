/**
 * `GET /metrics` on `troupe serve --http`, after real traffic over Streamable HTTP (agents
 * register, exchange a message, contend for a lock, make a task, run a workflow; a bad call
 * and an unknown tool): every family the README lists is there, with the type it should have
 * and values that match what was done. Read with a strict Prometheus text-format parser.
 * One troupe process for the whole file.
 */
import { afterAll, expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from '../../../bench/harness/prometheus-text.js';
import { caller, registerAgent } from '../../mcp/serve-client.js';
import { connectHttp, startTroupe, stopTroupes } from './http-troupe.js';

afterAll(async () => {
  await stopTroupes();
});

const FAMILIES: Readonly<Record<string, string>> = {
  troupe_actors: 'gauge',
  troupe_mailbox_depth: 'gauge',
  troupe_turns_total: 'counter',
  troupe_turn_duration_seconds: 'histogram',
  troupe_actor_failures_total: 'counter',
  troupe_actor_restarts_total: 'counter',
  troupe_dead_letters_total: 'counter',
  troupe_asks_timed_out_total: 'counter',
  troupe_commits_total: 'counter',
  troupe_commit_duration_seconds: 'histogram',
  troupe_thread_jams_total: 'counter',
  troupe_deadlocks_broken_total: 'counter',
  troupe_threads_replaced_total: 'counter',
  troupe_agents: 'gauge',
  troupe_tasks: 'gauge',
  troupe_domain_counts_capped: 'gauge',
  troupe_messages_sent_total: 'counter',
  troupe_messages_delivered_total: 'counter',
  troupe_messages_acknowledged_total: 'counter',
  troupe_messages_expired_total: 'counter',
  troupe_lock_waits_total: 'counter',
  troupe_lock_grants_total: 'counter',
  troupe_workflow_runs_total: 'counter',
  troupe_workflow_step_duration_seconds: 'histogram',
  troupe_mcp_server_operation_duration_seconds: 'histogram',
  troupe_mcp_errors_total: 'counter',
  troupe_mcp_sessions_open: 'gauge',
};

it('exposes every family with sane values after tool calls over HTTP', async () => {
  const troupe = await startTroupe();
  const scrape = async () => {
    const response = await fetch(new URL('/metrics', troupe.base));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusText(await response.text());
  };
  const { client } = await connectHttp(troupe);
  const call = caller(client);
  const register = (id: string) => registerAgent(client, id, { capabilities: ['ts'] });
  const token: Record<string, string> = { ada: await register('ada'), bob: await register('bob') };
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  await call('send_message', {
    sender_id: 'ada',
    recipient_id: 'bob',
    content: 'hi',
    agent_token: token.ada,
  });
  const inbox = (await call('fetch_inbox', as('bob'))).messages as { id: string }[];
  await call('acknowledge_message', { ...as('bob'), message_id: inbox[0]?.id });
  await call('acquire_file_lock', { path: 'src/a.ts', ...as('ada') });
  expect(
    (await call('acquire_file_lock', { path: 'src/a.ts', wait_s: 0.2, ...as('bob') })).error,
  ).toMatchObject({
    code: 'locked',
  });
  await call('create_task', { agent_id: 'ada', description: 'write it', priority: 'high' });
  expect((await client.callTool({ name: 'create_task', arguments: { priority: 7 } })).isError).toBe(true);
  await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow();
  await call('define_workflow', {
    name: 'Note',
    version: '1',
    steps: [{ step_id: 'write', description: 'write the note', assigned_role: 'worker', depends_on: [] }],
  });
  const runId = (await call('execute_workflow', { workflow_id: 'Note', triggering_agent_id: 'ada' }))
    .run_id as string;
  let reported: Record<string, unknown> = {};
  for (let tries = 0; tries < 100 && reported.reported !== true; tries++) {
    for (const agent of ['ada', 'bob'])
      if (reported.reported !== true)
        reported = await call('report_step_completion', {
          run_id: runId,
          step_id: 'write',
          agent_id: agent,
          result: { text: 'done' },
        });
    if (reported.reported !== true) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(reported.reported).toBe(true);
  let families = await scrape();
  for (let tries = 0; tries < 100 && sumOf(families.get('troupe_workflow_runs_total')) === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    families = await scrape();
  }

  for (const [name, type] of Object.entries(FAMILIES)) {
    expect(families.get(name)?.type, name).toBe(type);
    expect(families.get(name)?.help, name).not.toBe('');
  }
  // Kernel: the coordination actors are in memory and active; turns ran and were timed.
  expect(sumOf(families.get('troupe_actors'), { status: 'active' })).toBeGreaterThan(2);
  const turns = sumOf(families.get('troupe_turns_total'));
  expect(turns).toBeGreaterThan(10);
  const turnHistogram = families.get('troupe_turn_duration_seconds');
  expect(sumOf(turnHistogram, { le: '+Inf' }, 'troupe_turn_duration_seconds_bucket')).toBe(
    sumOf(turnHistogram, {}, 'troupe_turn_duration_seconds_count'),
  );
  expect(sumOf(turnHistogram, {}, 'troupe_turn_duration_seconds_count')).toBeGreaterThanOrEqual(turns * 0.9);
  expect(sumOf(families.get('troupe_commits_total'))).toBeGreaterThan(0);
  expect(
    sumOf(families.get('troupe_commit_duration_seconds'), {}, 'troupe_commit_duration_seconds_count'),
  ).toBeGreaterThan(0);
  expect(families.get('troupe_dead_letters_total')?.samples.map((s) => s.labels.reason)).toContain(
    'mailbox-full',
  );
  // Domain.
  expect(sumOf(families.get('troupe_agents'))).toBe(2);
  expect(sumOf(families.get('troupe_tasks'))).toBeGreaterThanOrEqual(2);
  expect(sumOf(families.get('troupe_messages_sent_total'))).toBe(1);
  expect(sumOf(families.get('troupe_messages_delivered_total'))).toBe(1);
  expect(sumOf(families.get('troupe_messages_acknowledged_total'))).toBe(1);
  expect(sumOf(families.get('troupe_lock_grants_total'))).toBe(1);
  expect(sumOf(families.get('troupe_lock_waits_total'))).toBe(1);
  expect(sumOf(families.get('troupe_workflow_runs_total'), { workflow: 'Note', status: 'completed' })).toBe(
    1,
  );
  expect(
    sumOf(
      families.get('troupe_workflow_step_duration_seconds'),
      { workflow: 'Note', step: 'write' },
      'troupe_workflow_step_duration_seconds_count',
    ),
  ).toBe(1);
  // MCP: per method and tool; the bad call by its code, the unknown tool by its JSON-RPC code.
  const operations = families.get('troupe_mcp_server_operation_duration_seconds');
  const count = 'troupe_mcp_server_operation_duration_seconds_count';
  expect(sumOf(operations, { method: 'tools/call', tool: 'send_message' }, count)).toBe(1);
  expect(sumOf(operations, { method: 'tools/call', tool: 'register_agent' }, count)).toBe(2);
  expect(sumOf(operations, { method: 'initialize' }, count)).toBe(1);
  expect(sumOf(operations, { method: 'tools/call', tool: '(unknown)' }, count)).toBe(1);
  const errors = families.get('troupe_mcp_errors_total');
  expect(sumOf(errors, { method: 'tools/call', code: 'invalid_argument' })).toBeGreaterThanOrEqual(1);
  expect(sumOf(errors, { method: 'tools/call', code: 'locked' })).toBe(1);
  expect(sumOf(errors, { method: 'tools/call', code: '-32602' })).toBe(1);
  expect(sumOf(families.get('troupe_mcp_sessions_open'))).toBe(1);
  // No unbounded label: no agent or run id anywhere.
  const labelValues = [...families.values()].flatMap((family) =>
    family.samples.flatMap((sample) => Object.values(sample.labels)),
  );
  for (const id of ['ada', 'bob', runId]) expect(labelValues).not.toContain(id);
  await client.close();
});
