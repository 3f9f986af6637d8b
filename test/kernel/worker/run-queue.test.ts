/**
 * The run queue lets the event loop turn under steady load: a flood of work that keeps
 * scheduling more — from inside a drain, or from microtasks as async turns do — still yields
 * every slice (timers and I/O callbacks run), and one turn that does a lot of work (thousands
 * of effects) counts for it. Cells scheduled meanwhile are all run, in order.
 */
import { afterEach, expect, it } from 'vitest';
import { systemClock } from '../../../src/kernel/clock.js';
import { RunQueue } from '../../../src/kernel/worker/run-queue.js';
import { ThreadState } from '../../../src/kernel/worker/thread-state.js';
import { createTestCell } from '../../fixtures/worker/cells.js';

const testCell = (id: string) => createTestCell(id, 'Flooder', false);

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // work
  }
}

let stop = false;
afterEach(() => {
  stop = true;
});

/** How many times a 0 ms timer fired while the flood ran for `ms`. */
async function timerFiringsDuring(ms: number, flood: (queue: RunQueue, state: ThreadState) => void) {
  stop = false;
  const state = new ThreadState(0, 1, systemClock);
  let firings = 0;
  const tick = () => {
    firings++;
    if (!stop) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  const queue: RunQueue = new RunQueue(state, () => flood(queue, state));
  queue.schedule(testCell('flooder'));
  const started = performance.now();
  // This promise settles only if the event loop turns while the flood runs.
  await new Promise((resolve) => setTimeout(resolve, ms));
  stop = true;
  return { firings, elapsed: performance.now() - started };
}

it('yields to the event loop while a drain keeps scheduling work', async () => {
  let runs = 0;
  const { firings, elapsed } = await timerFiringsDuring(200, (queue, state) => {
    if (stop) return;
    runs++;
    state.counters.turns++;
    busyFor(0.05);
    queue.schedule(testCell(`cell-${runs}`));
  });
  expect(runs).toBeGreaterThan(100);
  expect(firings).toBeGreaterThan(2);
  expect(elapsed).toBeLessThan(1_000);
});

it('yields when the work comes back through microtasks (async turns)', async () => {
  let runs = 0;
  const { firings } = await timerFiringsDuring(200, (queue, state) => {
    if (stop) return;
    runs++;
    state.counters.turns++;
    busyFor(0.05);
    // The turn completes in a microtask, after the drain found its queue empty.
    void Promise.resolve().then(() => queue.schedule(testCell(`cell-${runs}`)));
  });
  expect(runs).toBeGreaterThan(100);
  expect(firings).toBeGreaterThan(2);
});

it('counts a turn’s effects, so a few heavy turns still yield', async () => {
  let runs = 0;
  const { firings } = await timerFiringsDuring(200, (queue, state) => {
    if (stop) return;
    runs++;
    state.counters.turns++;
    state.work += 10_000;
    busyFor(3);
    queue.schedule(testCell(`cell-${runs}`));
  });
  expect(runs).toBeGreaterThan(3);
  expect(firings).toBeGreaterThan(2);
});

it('runs every cell scheduled, in order', async () => {
  const state = new ThreadState(0, 1, systemClock);
  const ran: string[] = [];
  const queue = new RunQueue(state, (cell) => {
    ran.push(cell.id);
    state.counters.turns++;
  });
  for (let i = 0; i < 5; i++) queue.schedule(testCell(`c${i}`));
  await new Promise((resolve) => setImmediate(resolve));
  expect(ran).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  expect(queue.size).toBe(0);
});
