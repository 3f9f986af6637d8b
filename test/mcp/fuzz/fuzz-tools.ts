/**
 * The tool-input property, for any connected client: the fuzzing session registers its own
 * agent (`mine`) and a few records (a task, a session, a project, a goal, a workflow and a
 * run, a routing rule) whose ids join the pool the arguments pick strings from, then every tool
 * from `tools/list` gets its share of the runs — arguments from `tool-arguments.ts`, each
 * answer checked by `tool-answers.ts`. fast-check prints the seed and the counterexample of a
 * failure (replay with `TROUPE_FUZZ_SEED` / `TROUPE_FUZZ_PATH`, `fuzz-budget.ts`).
 *
 * It owns the run over the tools; the kept state is `kept-state.ts`'s.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import { caller, registerAgent } from '../serve-client.js';
import { fuzzParameters, shareOf } from './fuzz-budget.js';
import type { ValueOptions } from './json-schema-arbitrary.js';
import { KEEPER } from './kept-state.js';
import { type AnswerKind, ToolAnswers } from './tool-answers.js';
import { callsOf } from './tool-arguments.js';

export const MINE = 'mine';
const MINE_TOO = 'mine-too';

/** What the runs came to, per answer kind and per tool (that valid calls got through matters). */
export interface FuzzTally {
  readonly calls: number;
  readonly kinds: ReadonlyMap<AnswerKind, number>;
  readonly succeeded: ReadonlySet<string>;
  /** The tools no call succeeded with (one that needs a record the fuzzer never made, say). */
  readonly never: readonly string[];
  readonly codes: ReadonlyMap<string, number>;
}

/** Which pool an argument draws its ids from, by its name. */
function poolNameOf(field: string): string {
  if (
    /(^|_)(agent_ids?|assignee|holder|owner_id|member_ids?|participant_ids?|participant_id|creator_id|target)$/.test(
      field,
    )
  )
    return 'agent';
  if (/(^|_)(sender|recipient)_id$/.test(field) || field.endsWith('model_id') || field.endsWith('model_ids'))
    return 'agent';
  if (field.endsWith('task_id') || field === 'subtasks') return 'task';
  if (field === 'file_path' || field === 'path') return 'path';
  return field;
}

/** Register the session's own agents (an agent already registered stays as it is). */
async function registerOwnAgents(client: Client): Promise<void> {
  await registerAgent(client, MINE, { capabilities: ['code', 'review'] });
  await registerAgent(client, MINE_TOO, { capabilities: ['code'] });
}

/** Register `mine` and make a few records through `client`; the ids the fuzzer should aim at. */
export async function seedPool(client: Client): Promise<ValueOptions> {
  const call = caller(client);
  await registerOwnAgents(client);
  const pools = new Map<string, string[]>([
    // Mostly the session's own agents (calls that get through), sometimes one it may not act for.
    ['agent', [MINE, MINE, MINE, MINE_TOO, KEEPER, 'ghost']],
    ['task', ['t-1']],
    ['path', ['src/a.ts', 'src/b.ts']],
    ['workflow_id', ['fuzzflow']],
    ['step_id', ['write']],
    ['task_type', ['fuzz']],
    ['name', ['fuzz', 'fuzzflow', 'fuzz-flag']],
  ]);
  const add = (pool: string, answer: Record<string, unknown>, path: string[]) => {
    let value: unknown = answer;
    for (const step of path) value = (value as Record<string, unknown> | undefined)?.[step];
    if (typeof value === 'string') pools.set(pool, [...(pools.get(pool) ?? []), value]);
  };
  await call('create_task', { id: 't-1', description: 'fuzz target', agent_id: MINE });
  add(
    'session_id',
    await call('create_collaboration_session', {
      agent_id: MINE,
      title: 'fuzz',
      participant_ids: [MINE_TOO],
    }),
    ['session', 'id'],
  );
  const project = await call('create_project', { name: 'fuzz', agent_id: MINE });
  add('project_id', project, ['project', 'id']);
  const projectId = (project.project as { id?: string } | undefined)?.id;
  add(
    'goal_id',
    await call('create_goal', {
      name: 'fuzz',
      agent_id: MINE,
      ...(projectId ? { project_id: projectId } : {}),
    }),
    ['goal', 'id'],
  );
  await call('define_workflow', {
    name: 'fuzzflow',
    version: '1',
    steps: [{ step_id: 'write', description: 'write', assigned_role: 'writer', depends_on: [] }],
  });
  add('run_id', await call('execute_workflow', { workflow_id: 'fuzzflow', triggering_agent_id: MINE }), [
    'run_id',
  ]);
  await call('set_routing_rule', { agent_id: MINE, task_type: 'fuzz', target_kind: 'agent', target: MINE });
  await call('acquire_file_lock', { agent_id: MINE, file_path: 'src/a.ts', ttl_s: 600 });
  add('message_id', await call('send_message', { sender_id: MINE, recipient_id: MINE_TOO, content: 'hi' }), [
    'message',
    'id',
  ]);
  await call('set_feature_flag', { name: 'fuzz-flag', enabled: true, rollout_percentage: 50 });
  return { pool: [...pools.values()].flat(), poolFor: (field) => pools.get(poolNameOf(field)) };
}

/** Fuzz every tool `client` lists with `runs` calls in all; the tally. */
export async function fuzzEveryTool(client: Client, runs: number): Promise<FuzzTally> {
  const options = await seedPool(client);
  const listed = (await client.listTools()).tools;
  expect(listed.length).toBeGreaterThan(40);
  // deregister_agent last: a deregistered agent comes back as a new one, out of its sessions.
  const last = (tool: Tool) => Number(tool.name === 'deregister_agent');
  const tools = [...listed].sort((a, b) => last(a) - last(b));
  const answers = new ToolAnswers(tools);
  const kinds = new Map<AnswerKind, number>();
  const codes = new Map<string, number>();
  const succeeded = new Set<string>();
  let calls = 0;
  for (const [index, tool] of tools.entries()) {
    // A fuzzed deregister_agent may have removed the session's own agents: register them again.
    await registerOwnAgents(client);
    await fc.assert(
      fc.asyncProperty(callsOf(tool, options), async (call) => {
        calls++;
        const answer = await answers.check(client, tool.name, call);
        kinds.set(answer.kind, (kinds.get(answer.kind) ?? 0) + 1);
        if (answer.code !== undefined)
          codes.set(String(answer.code), (codes.get(String(answer.code)) ?? 0) + 1);
        if (answer.kind === 'success') succeeded.add(tool.name);
      }),
      fuzzParameters(shareOf(runs, tools.length, index)),
    );
  }
  const never = tools.map((tool) => tool.name).filter((name) => !succeeded.has(name));
  return { calls, kinds, succeeded, never, codes };
}
