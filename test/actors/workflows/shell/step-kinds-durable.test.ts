// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * The step kinds through durable runs: a sub-workflow (its own run actor, reporting to its
 * parent), parallel branches and a map under its concurrency limit, `when:`, a signal that
 * comes before its wait, agent steps completed and failed through the report functions,
 * pause / resume / cancel, and a timeout cancelling the tool call (its abort signal).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentStepOrder,
  cancelWorkflowRun,
  createListeningAgents,
  defineWorkflow,
  executeWorkflow,
  getWorkflowRun,
  pauseWorkflowRun,
  reportStepCompletion,
  reportStepFailure,
  resumeWorkflowRun,
  signalWorkflow,
  startWorkflowRun,
  startWorkflows,
  type ToolCallOptions,
} from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';

let dir: string;
let system: ActorSystem;
const offers: AgentStepOrder[] = [];
const aborted: string[] = [];
let inFlight = 0;
let mostInFlight = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-workflows-kinds-'));
  system = createActorSystem({ threads: 2, dataDir: dir });
  await startWorkflows(system, {
    tools: {
      upper: async (args: unknown) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await sleep(15);
        inFlight--;
        return { output: String((args as { word: string }).word).toUpperCase(), usage: { tokens: 10 } };
      },
      echo: (args: unknown) => ({ output: args }),
      slow: (_args: unknown, options: ToolCallOptions) =>
        new Promise((_resolve, reject) => {
          options.signal.addEventListener('abort', () => {
            aborted.push(options.idempotencyKey);
            reject(new Error('aborted'));
          });
        }),
    },
    agents: createListeningAgents((order) => offers.push(order)),
  });
  await defineWorkflow(system, {
    name: 'shout',
    trigger: { manual: true, payload: { words: 'array' } },
    steps: [
      {
        name: 'each',
        map: {
          over: '${trigger.payload.words}',
          concurrency: 2,
          step: { tool: 'upper', input: { word: '${item}' } },
        },
      },
    ],
  });
  await defineWorkflow(system, {
    name: 'outer',
    steps: [
      { name: 'child', workflow: 'shout', input: { payload: { words: ['a', 'b', 'c', 'd', 'e'] } } },
      {
        name: 'both',
        depends_on: ['child'],
        parallel: [
          { name: 'left', tool: 'echo', input: { side: 'left' } },
          { name: 'right', tool: 'echo', input: { side: 'right' } },
        ],
      },
      { name: 'never', tool: 'echo', when: 'false', depends_on: ['both'] },
      { name: 'gate', wait: { signal: 'approve' }, depends_on: ['both'] },
      { name: 'last', tool: 'echo', depends_on: ['gate'], input: { approved: '${steps.gate.output}' } },
    ],
  });
  await defineWorkflow(system, {
    name: 'seed-003',
    version: '1',
    steps: [
      { step_id: 'draft', description: 'write the draft', assigned_role: 'writer', depends_on: [] },
      { step_id: 'check', description: 'check it', assigned_agent_id: 'ada', depends_on: ['draft'] },
    ],
  });
  await defineWorkflow(system, {
    name: 'stuck',
    steps: [{ name: 'wait-long', tool: 'slow', timeout: '100ms' }],
  });
  await defineWorkflow(system, {
    name: 'held',
    steps: [
      { name: 'w', wait: { signal: 'go' } },
      { name: 'after', tool: 'echo', depends_on: ['w'] },
    ],
  });
}, 60_000);

afterAll(async () => {
  await system.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('durable step kinds', () => {
  it('runs a sub-workflow, a map under its limit, parallel branches, when, and a signal sent before its wait', async () => {
    const started = await startWorkflowRun(system, 'outer', {}, {}, { runId: 'outer-1' });
    await signalWorkflow(system, 'outer-1', 'approve', { by: 'lead' }); // long before `gate` waits
    const result = await started.result;
    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => [step.name, step.status])).toEqual([
      ['child', 'completed'],
      ['both', 'completed'],
      ['never', 'skipped'],
      ['gate', 'completed'],
      ['last', 'completed'],
    ]);
    expect(result.steps[0]?.output).toMatchObject({
      runId: 'outer-1.child.1',
      outputs: { each: ['A', 'B', 'C', 'D', 'E'] },
    });
    expect(result.steps[4]?.output).toEqual({ approved: { by: 'lead' } });
    expect(mostInFlight).toBeLessThanOrEqual(2);
    const child = await getWorkflowRun(system, 'outer-1.child.1');
    expect(child).toMatchObject({ parentRunId: 'outer-1', result: { status: 'completed' } });
  });

  it('puts agent steps in order and completes them through report_step_completion; a failure report fails the run', async () => {
    const first = await startWorkflowRun(system, 'seed-003', {}, {}, { runId: 'agents-1' });
    const draft = await until(() => offers.find((order) => order.runId === 'agents-1'), 'the draft offer');
    expect(draft).toMatchObject({
      step: 'draft',
      role: 'writer',
      attempt: 1,
      idempotencyKey: 'agents-1:draft:1',
    });
    expect(offers.filter((order) => order.runId === 'agents-1')).toHaveLength(1); // `check` waits for `draft`
    await reportStepCompletion(system, { runId: 'agents-1', step: 'draft', result: { text: 'hello' } });
    const check = await until(
      () => offers.find((order) => order.runId === 'agents-1' && order.step === 'check'),
      'check',
    );
    expect(check).toMatchObject({ agentId: 'ada' });
    await reportStepCompletion(system, { runId: 'agents-1', step: 'check', result: 'fine' });
    expect((await first.result).status).toBe('completed');

    const second = await startWorkflowRun(system, 'seed-003', {}, {}, { runId: 'agents-2' });
    await until(() => offers.find((order) => order.runId === 'agents-2'), 'the offer');
    await reportStepFailure(system, { runId: 'agents-2', step: 'draft', errorMessage: 'no ink' });
    const failed = await second.result;
    expect(failed.error).toMatchObject({
      code: 'step_failed',
      step: 'draft',
      message: expect.stringContaining('no ink'),
    });
  });

  it('times a step out and aborts its call', async () => {
    const result = await executeWorkflow(system, 'stuck', {}, {}, { runId: 'stuck-1' });
    expect(result.error).toMatchObject({ code: 'timeout', step: 'wait-long' });
    await until(() => (aborted.includes('stuck-1:wait-long:1') ? true : undefined), 'the abort');
  });

  it('pauses, resumes and cancels a run', async () => {
    const held = await startWorkflowRun(system, 'held', {}, {}, { runId: 'held-1' });
    await pauseWorkflowRun(system, 'held-1');
    await until(
      async () => ((await getWorkflowRun(system, 'held-1')).result.status === 'paused' ? true : undefined),
      'paused',
    );
    await resumeWorkflowRun(system, 'held-1');
    await signalWorkflow(system, 'held-1', 'go');
    expect((await held.result).status).toBe('completed');

    const cancelled = await startWorkflowRun(system, 'held', {}, {}, { runId: 'held-2' });
    await cancelWorkflowRun(system, 'held-2', 'not needed');
    expect((await cancelled.result).status).toBe('cancelled');
  });
});
