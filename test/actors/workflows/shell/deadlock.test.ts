/**
 * Runs' waits reach the deadlock detector beside the agents' lock waits: the jam — a
 * workflow step waiting on an agent that waits on a lock held by the workflow's own earlier
 * step — is detected, broken and named, whichever wait closes the cycle: the agent's lock wait
 * is answered `deadlock` naming the run, or the run's step fails with `deadlock`.
 */
import { afterEach, expect, it } from 'vitest';
import { agentCaller } from '../../../../actors/coordination/caller.js';
import { acquireFileLock } from '../../../../actors/coordination/locks/api.js';
import {
  type AgentStepOrder,
  createListeningAgents,
  defineWorkflow,
  getWorkflowRun,
  signalWorkflow,
  startWorkflowRun,
  startWorkflows,
  type ToolFunction,
} from '../../../../actors/workflows/index.js';
import { LockWorld } from '../../coordination/locks/lock-world.js';

let world: LockWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

const PATH = '/repo/schema.sql';

/** A world where agents `keeper` and `bob` exist and the step tool `take-lock` leases PATH for its run, as keeper. */
async function jamWorld(): Promise<{ world: LockWorld; offered: AgentStepOrder[] }> {
  const opened = await LockWorld.open();
  await opened.register('keeper', 'bob');
  const offered: AgentStepOrder[] = [];
  const takeLock: ToolFunction = async (_args, options) => {
    const lease = await acquireFileLock(
      opened.system,
      agentCaller('keeper'),
      { filePath: PATH, ttlS: 120 },
      opened.options,
    );
    if (!lease.ok) throw Object.assign(new Error(lease.error.message), { code: lease.error.code });
    options.leases?.held('keeper');
    return { output: { locked: PATH } };
  };
  await startWorkflows(opened.system, {
    tools: { 'take-lock': takeLock },
    agents: createListeningAgents((order) => offered.push(order)),
    detector: opened.detector,
  });
  return { world: opened, offered };
}

async function until(done: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 400 && !done(); tries++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

it("breaks the agent's lock wait on the run's own lease, naming the run", async () => {
  const jam = await jamWorld();
  world = jam.world;
  await defineWorkflow(world.system, {
    name: 'Migrate',
    steps: [
      { name: 'lock', tool: 'take-lock' },
      { name: 'review', assigned_agent_id: 'bob', depends_on: ['lock'] },
    ],
  });
  const { runId } = await startWorkflowRun(world.system, 'Migrate');
  await until(() => jam.offered.length === 1, 'the review step');
  // The run's wait on bob and keeper's lease for the run are in the graph before bob waits, so
  // that bob's wait is the one closing the cycle (the next test covers the other order).
  const detector = world.detector;
  const has = (from: string, to: string) => detector.waits().some((w) => w.from === from && w.to === to);
  await until(
    () => has(`run:${runId}`, 'agent:bob') && has('agent:keeper', `run:${runId}`),
    "the run's waits",
  );
  // bob, given the review, waits for the file the run's first step locked: the run waits on bob.
  const answer = await acquireFileLock(
    world.system,
    agentCaller('bob'),
    { filePath: PATH, waitS: 30 },
    world.options,
  );
  expect(answer.ok).toBe(false);
  if (answer.ok) return;
  expect(answer.error.code).toBe('deadlock');
  expect(answer.error.message).toContain(`bob → keeper → run:${runId} → bob`);
  expect(world.detector.deadlocks().at(-1)?.cycle).toEqual([
    'agent:bob',
    'agent:keeper',
    `run:${runId}`,
    'agent:bob',
  ]);
});

it("fails the run's step with deadlock when its wait on the agent closes the cycle", async () => {
  const jam = await jamWorld();
  world = jam.world;
  await defineWorkflow(world.system, {
    name: 'Migrate later',
    steps: [
      { name: 'lock', tool: 'take-lock' },
      { name: 'go', wait: { signal: 'go' }, depends_on: ['lock'] },
      { name: 'review', assigned_agent_id: 'bob', depends_on: ['go'] },
    ],
  });
  const started = await startWorkflowRun(world.system, 'Migrate later');
  const system = world.system;
  let goWaits = false;
  for (let tries = 0; tries < 400 && !goWaits; tries++) {
    const { run } = await getWorkflowRun(system, started.runId);
    goWaits = run.steps.find((step) => step.name === 'go')?.status === 'waiting';
    if (!goWaits) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(goWaits).toBe(true);
  const stop = new AbortController();
  // bob waits for the lease first (no cycle yet); then the run gives bob its review step.
  const bobWaits = acquireFileLock(
    world.system,
    agentCaller('bob'),
    { filePath: PATH, waitS: 60 },
    { ...world.options, signal: stop.signal },
  );
  await until(() => (world?.detector.edges ?? 0) >= 2, "bob's wait and the run's lease");
  await signalWorkflow(world.system, started.runId, 'go');
  const result = await started.result;
  expect(result.status).toBe('failed');
  const review = result.steps.find((step) => step.name === 'review');
  expect(review?.error).toMatchObject({ code: 'deadlock' });
  expect(review?.error?.message).toContain(`run:${started.runId}`);
  stop.abort();
  expect((await bobWaits).ok).toBe(false);
});
