// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Thread tools (shell/thread-tools.ts, tool-runner.ts): a tool step whose tool is a thread
 * tool runs on its run's own worker thread, through the thread's runner — the main thread's
 * executor never hears of it — while other tools still run there; a timeout and a cancel abort
 * the call on the worker; a module that does not export its tools refuses the engine's start
 * and leaves the running engine as it was; names given twice are refused.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelWorkflowRun,
  defineWorkflow,
  type ExecutorMsg,
  executeWorkflow,
  getWorkflowRun,
  startWorkflowRun,
  startWorkflows,
  type WorkflowEngine,
} from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem, InvalidArgumentError } from '../../../../src/kernel/index.js';
import { fixtureThreadTools, misnamedThreadTools } from '../../../fixtures/workflows/thread-tools.js';

let dir: string;
let system: ActorSystem;
let engine: WorkflowEngine;
const heard: ExecutorMsg[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function lines(file: string): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.length > 0) return text.trim().split('\n');
    await sleep(25);
  }
  return [];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-thread-tools-'));
  system = createActorSystem({ threads: 2, dataDir: join(dir, 'data') });
  engine = await startWorkflows(system, {
    threadTools: [fixtureThreadTools],
    tools: { 'main-echo': (args: unknown) => ({ output: args }) },
  });
  engine.listen((message) => heard.push(message));
  await defineWorkflow(system, {
    name: 'here-and-there',
    steps: [
      { name: 'one', tool: 'inc', input: { n: 1 } },
      { name: 'where', tool: 'where', input: { after: '${steps.one.output.n}' } },
      { name: 'echo', tool: 'main-echo', input: { n: '${steps.one.output.n}' }, depends_on: ['where'] },
    ],
  });
  await defineWorkflow(system, {
    name: 'hangs',
    trigger: { manual: true, payload: { file: 'string' } },
    steps: [{ name: 'wait', tool: 'hang', input: { file: '${trigger.payload.file}' }, timeout: '300ms' }],
  });
});

afterAll(async () => {
  await system.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('thread tools', () => {
  it('run on the run’s own worker thread; other tools still run on the main thread', async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        startWorkflowRun(system, 'here-and-there', {}, {}, { runId: `here-${i}` }),
      ),
    );
    for (const started of runs) {
      const result = await started.result;
      expect(result.status).toBe('completed');
      const [one, where, echo] = result.steps;
      expect(one?.output).toEqual({ n: 2 });
      expect(where?.output).toMatchObject({ isMainThread: false, args: { after: 2 } });
      expect(echo?.output).toEqual({ n: 2 });
    }
    const starts = heard.filter(
      (message): message is Extract<ExecutorMsg, { type: 'start-step' }> =>
        message.type === 'start-step' && message.runId.startsWith('here-'),
    );
    // The main thread's executor started only the main-thread tool's steps.
    expect(starts.map((message) => message.command.step)).toEqual(Array(8).fill('echo'));
    // Its listeners still heard every step's progress, one by one (a step's `ready` as it starts is
    // not told: `running` replaces it in the same turn).
    const progress = heard.filter((message) => message.type === 'progress' && message.runId === 'here-0');
    expect(
      progress.map((message) => message.type === 'progress' && `${message.step}:${message.status}`),
    ).toEqual([
      'one:running',
      'one:completed',
      'where:running',
      'where:completed',
      'echo:running',
      'echo:completed',
    ]);
  });

  it('a timeout aborts the call on the worker and fails the step', async () => {
    const file = join(dir, 'timeout.txt');
    const result = await executeWorkflow(system, 'hangs', { file }, {}, { runId: 'hang-timeout' });
    expect(result.status).toBe('failed');
    expect(result.steps[0]?.error?.code).toBe('timeout');
    expect(await lines(file)).toEqual(['hang-timeout:wait:1']);
  });

  it('a cancelled run aborts its call on the worker', async () => {
    const file = join(dir, 'cancel.txt');
    await defineWorkflow(system, {
      name: 'hangs-long',
      trigger: { manual: true, payload: { file: 'string' } },
      steps: [{ name: 'wait', tool: 'hang', input: { file: '${trigger.payload.file}' }, timeout: '1h' }],
    });
    const started = await startWorkflowRun(system, 'hangs-long', { file }, {}, { runId: 'hang-cancel' });
    for (let i = 0; i < 100; i++) {
      const view = await getWorkflowRun(system, 'hang-cancel');
      if (view.result.steps[0]?.status === 'running') break;
      await sleep(20);
    }
    await cancelWorkflowRun(system, 'hang-cancel', 'enough');
    expect((await started.result).status).toBe('cancelled');
    expect(await lines(file)).toEqual(['hang-cancel:wait:1']);
  });

  it('a tool that returns no result fails its attempt, and the thread’s runner goes on', async () => {
    await defineWorkflow(system, {
      name: 'returns-nothing',
      steps: [
        { name: 'now', tool: 'nothing', on_failure: 'continue' },
        { name: 'later', tool: 'nothing-later', on_failure: 'continue', depends_on: ['now'] },
        { name: 'after', tool: 'inc', input: { n: 1 }, depends_on: ['later'] },
      ],
    });
    const runs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        executeWorkflow(system, 'returns-nothing', {}, {}, { runId: `nothing-${i}` }),
      ),
    );
    for (const result of runs) {
      const [now, later, after] = result.steps;
      expect(now?.status).toBe('failed');
      expect(now?.error?.code).toBe('tool_failed');
      expect(later?.status).toBe('failed');
      expect(later?.error?.code).toBe('tool_failed');
      expect(after?.output).toEqual({ n: 2 });
    }
  });

  it('a module that does not export its tools refuses the start; the engine running goes on', async () => {
    await expect(startWorkflows(system, { threadTools: misnamedThreadTools })).rejects.toThrow(
      /does not export "notExported"/,
    );
    const result = await executeWorkflow(system, 'here-and-there', {}, {}, { runId: 'after-refusal' });
    expect(result.status).toBe('completed');
    expect(result.steps[1]?.output).toMatchObject({ isMainThread: false });
  });

  it('a tool name given as a thread tool and a main-thread tool is refused, naming it', async () => {
    const error = await startWorkflows(system, {
      threadTools: [fixtureThreadTools],
      tools: { inc: () => ({ output: 0 }) },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).message).toMatch(/tools\.inc/);
  });
});
