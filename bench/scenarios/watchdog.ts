/**
 * Scenario watchdog: from an actor jamming its thread (an endless turn) to the thread
 * replaced, and to the jammed actor answering again on the new thread (memory mode: the
 * jamming message dies with the thread). Two threads, turn budget `BUDGET_MS`.
 * Baselines in the same run: the budget itself (detection can't beat it), and a raw
 * `worker.terminate()` + a new `Worker` until it is online (the replacement can't beat it).
 */
import { Worker } from 'node:worker_threads';
import { type BenchResult, createResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

const BUDGET_MS = 200;
const ROUNDS = 5;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function rawReplacement(): Promise<number> {
  const code = 'setInterval(() => {}, 1000)';
  const first = new Worker(code, { eval: true });
  await new Promise((resolve) => first.once('online', resolve));
  const started = performance.now();
  await first.terminate();
  const next = new Worker(code, { eval: true });
  await new Promise((resolve) => next.once('online', resolve));
  const ms = performance.now() - started;
  await next.terminate();
  return ms;
}

async function ourRound(): Promise<{ replacedMs: number; answeringMs: number }> {
  const { createActorSystem, homeThread } = await import('../../src/kernel/index.js');
  const { Spinner } = await import('../actors/spinner.js');
  const system = createActorSystem({ threads: 2, turnTimeoutMs: BUDGET_MS });
  try {
    let id = 'spinner-0';
    for (let i = 0; homeThread(id, 2) !== 0; i++) id = `spinner-${i}`;
    const spinner = await system.spawn(Spinner, { id });
    await spinner.ask({ type: 'ping' });
    let replacedAt = 0;
    system.subscribe((event) => {
      if (event.type === 'worker-replaced' && replacedAt === 0) replacedAt = performance.now();
    });
    const jammedAt = performance.now();
    spinner.tell({ type: 'spin' });
    for (;;) {
      const answer = await spinner.ask<string>({ type: 'ping' }, { timeoutMs: 5_000 }).catch(() => null);
      if (answer === 'pong' && replacedAt > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return { replacedMs: replacedAt - jammedAt, answeringMs: performance.now() - jammedAt };
  } finally {
    await system.shutdown();
  }
}

export const watchdog: Scenario = {
  name: 'watchdog',
  description: `jam (an endless turn, budget ${BUDGET_MS} ms) → thread replaced → actor answering again`,
  async run(): Promise<BenchResult[]> {
    const raw: number[] = [];
    const replaced: number[] = [];
    const answering: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await rawReplacement());
      const ours = await ourRound();
      replaced.push(ours.replacedMs);
      answering.push(ours.answeringMs);
    }
    const note = `median of ${ROUNDS} rounds, 2 threads, turn budget ${BUDGET_MS} ms, watchdog checks every 50 ms`;
    return [
      createResult(
        {
          scenario: 'watchdog',
          metric: 'jam → thread replaced',
          unit: 'ms',
          better: 'lower',
          baseline: { name: 'turn budget', value: BUDGET_MS },
          note: `${note}; target ≤ budget + 200 ms`,
        },
        median(replaced),
      ),
      createResult(
        {
          scenario: 'watchdog',
          metric: 'jam → jammed actor answering again',
          unit: 'ms',
          better: 'lower',
          baseline: { name: 'budget + raw terminate & new Worker online', value: BUDGET_MS + median(raw) },
          note,
        },
        median(answering),
      ),
    ];
  },
};
