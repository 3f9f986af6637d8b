/**
 * The orchestration patterns as MCP prompts over stdio, and completions: `prompts/list` gives
 * the four patterns with their arguments; each prompt's tool calls, made in order as written,
 * all succeed and set the pattern up (tasks delegated, a session opened, a workflow run
 * started); a missing, bad or unknown argument and an unknown prompt are -32602 naming it.
 * `completion/complete` gives agent ids for agent arguments (a list completes its last id),
 * and ids by prefix for the resource templates (agents, tasks, sessions, workflows, runs).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

let client: Client;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  client = await connect(freshDataDir('prompts'), ['--durability', 'memory']);
  call = caller(client);
  for (const id of ['orch', 'wa', 'wb', 'lead1', 'lead2']) await registerAgent(client, id);
});

afterAll(async () => {
  await client.close();
  removeDataDirs();
});

/** The tool calls of a pattern prompt's message (its JSON block). */
async function plannedCalls(name: string, args: Record<string, string>) {
  const { messages } = await client.getPrompt({ name, arguments: args });
  expect(messages).toHaveLength(1);
  const text = (messages[0] as { content: { text: string } }).content.text;
  const block = /```json\n([\s\S]*?)\n```/.exec(text)?.[1];
  expect(block).toBeDefined();
  return JSON.parse(block as string) as { tool: string; arguments: Record<string, unknown> }[];
}

async function runAll(calls: { tool: string; arguments: Record<string, unknown> }[]) {
  const answers = [];
  for (const planned of calls) {
    const answer = await call(planned.tool, planned.arguments);
    expect(answer.error, `${planned.tool} ${JSON.stringify(planned.arguments)}`).toBeUndefined();
    answers.push(answer);
  }
  return answers;
}

const protocolErrorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as McpError,
  );

it('lists the four orchestration patterns with their arguments', async () => {
  const { prompts } = await client.listPrompts();
  expect(prompts.map((prompt) => prompt.name)).toEqual([
    'hub_and_spoke',
    'peer_to_peer',
    'assembly_line',
    'hierarchical',
  ]);
  expect(prompts[0]?.arguments).toContainEqual(
    expect.objectContaining({ name: 'worker_ids', required: true }),
  );
});

it('gives tool calls that set each pattern up, each succeeding as written', async () => {
  const hub = await runAll(
    await plannedCalls('hub_and_spoke', {
      orchestrator_id: 'orch',
      task: 'port the parser',
      worker_ids: 'wa, wb',
    }),
  );
  expect(
    hub.map((answer) => (answer.task as { id?: string } | undefined)?.id ?? answer.subtask_id),
  ).toHaveLength(3);
  const tasks = await call('list_tasks', { agent_id: 'orch', assigned_agent_id: 'wb' });
  expect((tasks.tasks as unknown[]).length).toBe(1);

  const peers = await runAll(
    await plannedCalls('peer_to_peer', { agent_ids: 'wa,wb', topic: 'naming', capabilities: 'x' }),
  );
  expect(peers.map((answer) => Object.keys(answer))).toHaveLength(3);

  const line = await runAll(
    await plannedCalls('assembly_line', {
      creator_id: 'orch',
      name: 'line-1',
      stages: 'writer,reviewer,publisher',
    }),
  );
  expect(line[1]).toHaveProperty('run_id');

  await runAll(
    await plannedCalls('hierarchical', {
      coordinator_id: 'orch',
      goal: 'ship v2',
      team_lead_ids: 'lead1,lead2',
    }),
  );
  const led = await call('list_tasks', { assigned_agent_id: 'lead2' });
  expect((led.tasks as unknown[]).length).toBe(1);
});

it('refuses a missing, bad or unknown argument and an unknown prompt with -32602 naming it', async () => {
  const missing = await protocolErrorOf(
    client.getPrompt({ name: 'hub_and_spoke', arguments: { orchestrator_id: 'orch', task: 't' } }),
  );
  expect(missing?.code).toBe(-32602);
  expect(missing?.message).toContain('worker_ids');
  const bad = await protocolErrorOf(
    client.getPrompt({ name: 'peer_to_peer', arguments: { agent_ids: 'wa', topic: 't' } }),
  );
  expect(bad?.message).toContain('agent_ids');
  const unknown = await protocolErrorOf(
    client.getPrompt({
      name: 'hierarchical',
      arguments: { coordinator_id: 'orch', goal: 'g', team_lead_ids: 'lead1', colour: 'red' },
    }),
  );
  expect(unknown?.message).toContain('colour');
  expect((await protocolErrorOf(client.getPrompt({ name: 'no_such_prompt' })))?.code).toBe(-32602);
});

it('completes agent arguments and resource template ids by prefix', async () => {
  const complete = async (
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string },
    name: string,
    value: string,
  ) => (await client.complete({ ref, argument: { name, value } })).completion;
  const hub = { type: 'ref/prompt', name: 'hub_and_spoke' } as const;
  expect((await complete(hub, 'orchestrator_id', 'w')).values).toEqual(['wa', 'wb']);
  expect((await complete(hub, 'worker_ids', 'wa, w')).values).toEqual(['wa, wb']);
  expect((await complete(hub, 'task', 'w')).values).toEqual([]);
  const lead = await complete({ type: 'ref/resource', uri: 'troupe://agents/{id}' }, 'id', 'lead');
  expect(lead).toMatchObject({ values: ['lead1', 'lead2'], hasMore: false });
  const tasks = await complete({ type: 'ref/resource', uri: 'troupe://tasks/{id}' }, 'id', 'goal-');
  expect(tasks.values.length).toBe(3);
  expect(
    (await complete({ type: 'ref/resource', uri: 'troupe://workflows/{id}' }, 'id', 'line')).values,
  ).toEqual(['line-1']);
  expect((await complete({ type: 'ref/resource', uri: 'troupe://runs/{id}' }, 'id', '')).values.length).toBe(
    1,
  );
  const sessions = await complete({ type: 'ref/resource', uri: 'troupe://sessions/{id}' }, 'id', '');
  expect(sessions.values.length).toBe(2);
  const unknown = await protocolErrorOf(
    complete({ type: 'ref/resource', uri: 'troupe://nothing/{id}' }, 'id', ''),
  );
  expect(unknown?.code).toBe(-32602);
});
