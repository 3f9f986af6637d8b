/**
 * Agent A's world for the identity sweep: every kind of record an agent can own, set up by
 * the session that registered A (`alice`, with a helper agent `carol`), each secret part
 * carrying `SECRET` so that a leak shows in any serialized answer — A's inbox message, its
 * session's state value, its task's contextual data and result, its workflow run's payload
 * and step output. What is public by design (names, titles, lock holders, rule targets) holds
 * no marker. `snapshot` re-reads all of it as A, for comparing before and after the sweep.
 * Not here: the sweep (../identity-sweep.test.ts) and the per-tool rules (rules.ts).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { caller, registerAgent, type Structured } from '../serve-client.js';

export const SECRET = 'SECRET';
export const A = 'alice';
export const B = 'bob';
const C = 'carol';

export interface World {
  readonly messageId: string;
  readonly sessionId: string;
  readonly taskId: string;
  readonly projectId: string;
  readonly goalId: string;
  readonly runId: string;
  readonly workflow: string;
  readonly lockPath: string;
}

function ok(answer: Structured, what: string): Structured {
  expect(answer.error, what).toBeUndefined();
  return answer;
}

/** Wait for `attempt` to find it: up to 20 s, for a machine under load (it returns as soon as found). */
async function until<T>(what: string | (() => string), attempt: () => Promise<T | undefined>): Promise<T> {
  for (let tries = 0; tries < 400; tries++) {
    const found = await attempt();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${typeof what === 'string' ? what : what()} never happened`);
}

/** Register A (and its helper C) on `owner`, and give A one of everything. */
export async function createWorld(owner: Client): Promise<World> {
  const call = async (tool: string, args: Record<string, unknown>) =>
    ok(await caller(owner)(tool, args), tool);
  await registerAgent(owner, A, { capabilities: ['write'] });
  await registerAgent(owner, C);

  await call('send_message', { sender_id: C, recipient_id: A, content: `${SECRET}-inbox` });
  const inbox = await call('fetch_inbox', { agent_id: A });
  const messageId = (inbox.messages as { id: string }[])[0]?.id as string;

  const { session } = await call('create_collaboration_session', {
    agent_id: A,
    title: 'plan',
    description: 'the plan',
    participant_model_ids: [C],
  });
  const sessionId = (session as { id: string }).id;
  await call('set_session_state', {
    agent_id: A,
    session_id: sessionId,
    key: 'plan',
    value: `${SECRET}-state`,
  });

  const { task } = await call('create_task', {
    agent_id: A,
    description: 'the build',
    contextual_data: { note: `${SECRET}-context` },
  });
  const taskId = (task as { id: string }).id;
  await call('delegate_subtask', {
    coordinator_agent_id: A,
    assigned_agent_id: A,
    subtask_id: taskId,
    subtask_description: 'the build',
    force: true,
  });
  await call('update_task_status', {
    agent_id: A,
    task_id: taskId,
    status: 'completed',
    result: `${SECRET}-result`,
  });

  const lockPath = 'src/alice.ts';
  await call('acquire_file_lock', { agent_id: A, file_path: lockPath, ttl_s: 3_600 });
  const { project } = await call('create_project', {
    agent_id: A,
    name: 'apollo',
    description: 'the project',
    initial_status: 'active',
  });
  const projectId = (project as { id: string }).id;
  const { goal } = await call('create_goal', {
    agent_id: A,
    name: 'land',
    description: 'the goal',
    project_id: projectId,
    initial_status: 'open',
  });
  const goalId = (goal as { id: string }).id;
  await call('evaluate_contribution', {
    evaluating_agent_id: A,
    contributing_agent_id: C,
    contribution_ref: 'carol-pr-1',
    evaluation_criteria: { quality: 4 },
  });
  await call('set_routing_rule', { agent_id: A, task_type: 'review', target_kind: 'agent', target: A });
  await call('subscribe_system_events', { agent_id: A, event_types: ['deploy'] });

  // A workflow A defined, and a run A started: its first step done with a secret output,
  // its second in A's hands (so that stopping, steering or reporting on it would show). An agent
  // step is `waiting` until its task is in the agent's inbox, then `running` until the agent
  // reports: the world waits for `running`, the state the step keeps until A reports.
  const workflow = 'AliceFlow';
  await call('define_workflow', {
    creator_id: A,
    name: workflow,
    version: '1',
    steps: [
      { step_id: 'draft', description: 'draft it', assigned_agent_id: A, depends_on: [] },
      { step_id: 'check', description: 'check it', assigned_agent_id: A, depends_on: ['draft'] },
    ],
  });
  const started = await call('execute_workflow', {
    workflow_id: workflow,
    triggering_agent_id: A,
    payload: { note: `${SECRET}-payload` },
  });
  const runId = started.run_id as string;
  const stepOf = async (name: string) =>
    (
      (await call('get_workflow_run', { agent_id: A, run_id: runId })).run as {
        steps: { name: string; status: string }[];
      }
    ).steps.find((step) => step.name === name)?.status;
  let draft: string | undefined;
  await until(
    () => `the draft step is in A's inbox (it is ${draft})`,
    async () => {
      draft = await stepOf('draft');
      return draft === 'running' ? true : undefined;
    },
  );
  await call('report_step_completion', {
    agent_id: A,
    run_id: runId,
    step_id: 'draft',
    result: `${SECRET}-step`,
  });
  await until("the check step is in A's inbox", async () =>
    (await stepOf('check')) === 'running' ? true : undefined,
  );

  return { messageId, sessionId, taskId, projectId, goalId, runId, workflow, lockPath };
}

/** Drop what changes by itself (times, liveness, the orchestration block) from an answer. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value !== 'object' || value === null) return value;
  const kept: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (VOLATILE.has(key)) continue;
    kept.push([key, stable(inner)]);
  }
  return Object.fromEntries(kept);
}

const VOLATILE = new Set([
  'orchestration',
  'timestamp',
  'last_heartbeat',
  'status_since',
  'duration',
  'elapsedMs',
  'expires_at',
  'remaining_ms',
  'next_cursor',
]);

/** A's world as A sees it: what no other caller may change. Messages from B to A are B's own doing. */
export async function snapshot(owner: Client, world: World): Promise<Record<string, unknown>> {
  const call = async (tool: string, args: Record<string, unknown>) =>
    stable(ok(await caller(owner)(tool, args), tool));
  const inbox = (await call('fetch_inbox', { agent_id: A })) as { messages: { sender_id: string }[] };
  const agents = (await call('find_agents', {})) as { agents: { id: string; status: string }[] };
  return {
    agent: agents.agents
      .filter((agent) => agent.id === A || agent.id === C)
      .map(({ status: _s, ...rest }) => rest),
    inbox: inbox.messages.filter((message) => message.sender_id !== B),
    state: await call('get_session_state', { agent_id: A, session_id: world.sessionId }),
    // Sessions A made: another agent may add A to its own session at creation (seed 003's participant_model_ids).
    sessions: (
      (await call('list_sessions', { participant_id: A })) as { sessions: { created_by: string }[] }
    ).sessions.filter((session) => session.created_by === A),
    task: await call('get_task', { agent_id: A, task_id: world.taskId }),
    lock: await call('check_file_lock', { file_path: world.lockPath }),
    project: await call('get_project', { project_id: world.projectId }),
    goal: await call('get_goal', { goal_id: world.goalId }),
    evaluations: await call('list_evaluations', { evaluating_agent_id: A }),
    rules: ((await call('list_routing_rules', {})) as { rules: { owner_id?: string }[] }).rules,
    subscriptions: await call('list_event_subscriptions', { agent_id: A }),
    workflow: await call('get_workflow', { workflow_id: world.workflow }),
    run: await call('get_workflow_run', { agent_id: A, run_id: world.runId }),
  };
}
