/**
 * A run whose worker thread is replaced while an attempt is in flight (the watchdog ends a thread
 * jammed by another actor homed there) still finishes: the engine hears `worker-replaced`, the run
 * sends its attempt in flight again (`resync`) — so a start lost with the dead worker would be
 * made now — and the executor, which has that attempt running, drops the copy: the tool runs once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { defineWorkflow, startWorkflowRun, startWorkflows } from '../../../../actors/workflows/index.js';
import type { ExecutorMsg } from '../../../../actors/workflows/shell/messages.js';
import { runActorId } from '../../../../actors/workflows/shell/tables.js';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../../src/kernel/index.js';
import { Jammer } from '../../../../src/serve/demo/demo-actors.js';

let system: ActorSystem | undefined;
let dir: string | undefined;

afterEach(async () => {
  await system?.shutdown();
  if (dir) await rm(dir, { recursive: true, force: true });
  system = undefined;
  dir = undefined;
});

async function until(done: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 600 && !done(); tries++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

it('finishes a run whose thread was replaced mid-attempt, calling its tool once', async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-thread-resync-'));
  // Only the Jammer jams (its own 300 ms budget): the other turns and the threads' event loops get
  // long budgets, so that a machine starved of CPU does not have a thread replaced mid-setup.
  const running = createActorSystem({
    threads: 2,
    dataDir: dir,
    turnTimeoutMs: 15_000,
    loopTimeoutMs: 15_000,
  });
  system = running;
  let calls = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const engine = await startWorkflows(running, {
    tools: {
      slow: async () => {
        calls++;
        await gate;
        return { output: 'done' };
      },
      quick: () => ({ output: 'also done' }),
    },
  });
  const starts: string[] = [];
  engine.listen((message: ExecutorMsg) => {
    if (message.type === 'start-step') starts.push(message.command.idempotencyKey);
  });
  await defineWorkflow(running, {
    name: 'slow-then-quick',
    steps: [
      { name: 'slow', tool: 'slow' },
      { name: 'quick', tool: 'quick', depends_on: ['slow'] },
    ],
  });
  const started = await startWorkflowRun(running, 'slow-then-quick', {}, {}, { runId: 'resync-1' });
  await until(() => calls === 1, 'the slow step to start');

  // Jam the run's own thread: an actor homed there spins past its turn budget.
  const thread = running.refOf(runActorId(started.runId)).thread;
  let jammerId = '';
  for (let i = 0; jammerId === ''; i++)
    if (running.refOf(`jammer-${i}`).thread === thread) jammerId = `jammer-${i}`;
  const replaced = new Promise<SystemEvent>((resolve) => {
    const stop = running.subscribe((event) => {
      if (event.type !== 'worker-replaced' || event.thread !== thread) return;
      stop();
      resolve(event);
    });
  });
  const jammer = await running.spawn(Jammer, { id: jammerId });
  jammer.tell({ type: 'spin' });
  await replaced;

  // The run sends its attempt in flight again; the executor has it running and drops the copy.
  await until(() => starts.filter((key) => key === 'resync-1:slow:1').length === 2, 'the resent attempt');
  release();
  const result = await started.result;
  expect(result.status).toBe('completed');
  expect(result.steps.map((step) => [step.name, step.status])).toEqual([
    ['slow', 'completed'],
    ['quick', 'completed'],
  ]);
  expect(calls).toBe(1);
}, 60_000);

it('gives a finished run’s end again to whoever still awaits it when the run’s thread is replaced', async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-thread-resync-'));
  const running = createActorSystem({ threads: 2, dataDir: dir });
  system = running;
  const engine = await startWorkflows(running, { tools: { quick: () => ({ output: 'done' }) } });
  await defineWorkflow(running, { name: 'one-step', steps: [{ name: 'quick', tool: 'quick' }] });
  const started = await startWorkflowRun(running, 'one-step', {}, {}, { runId: 'resync-end' });
  expect((await started.result).status).toBe('completed');

  // A waiter that missed the end — as one does when the `finished` the run sent after its last
  // commit died with its worker: the run is out of the unfinished runs' table by then.
  let heard: string | null = null;
  engine.executor.onFinished('resync-end', (result) => {
    heard = result.status;
  });
  const thread = running.refOf(runActorId('resync-end')).thread;
  // What the thread pool publishes once it replaced that thread's worker.
  running.publish({ type: 'worker-replaced', thread });
  await until(() => heard !== null, 'the end given again');
  expect(heard).toBe('completed');
}, 60_000);
