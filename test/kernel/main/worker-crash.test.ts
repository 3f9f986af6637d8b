/**
 * A worker thread's death does not kill the system: the pool replaces the thread, the
 * actors homed there are restarted by their supervisors, their pending asks fail fast —
 * with `WorkerCrashedError`, retryable, saying why the worker died — and actors on the
 * other thread keep working throughout.
 */
import { threadId } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  type SystemEvent,
  type SystemOptions,
  WorkerCrashedError,
} from '../../../src/kernel/index.js';
import { defaultWorkerYoungGenerationMb } from '../../../src/kernel/main/options.js';
import { Counter } from '../../fixtures/counter.js';
import { Crasher, type CrasherMsg } from '../../fixtures/crasher.js';
import { Gate } from '../../fixtures/gate.js';
import { Ticker } from '../../fixtures/ticker.js';
import { idsOn } from '../../helpers/homed-ids.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

async function crashScenario(how: CrasherMsg['type'], options: SystemOptions = {}) {
  system = createActorSystem({ threads: 2, ...options });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const [crasherId] = idsOn(0, 'crasher', 1) as [string];
  const [doomedTickerId] = idsOn(0, 'ticker', 1) as [string];
  const [healthyTickerId] = idsOn(1, 'ticker', 1) as [string];
  const [healthyCounterId] = idsOn(1, 'counter', 1) as [string];
  const crasher = await system.spawn(Crasher, { id: crasherId });
  const doomedTicker = await system.spawn(Ticker, { id: doomedTickerId });
  const healthyTicker = await system.spawn(Ticker, { id: healthyTickerId });
  const healthyCounter = await system.spawn(Counter, {
    id: healthyCounterId,
    mailbox: { capacity: 1_000_000 },
  });
  const [doomedGateId] = idsOn(0, 'gate', 1) as [string];
  const doomedGate = await system.spawn(Gate, { id: doomedGateId });
  const workerBefore = await crasher.ask<number>({ type: 'where' });
  await until(async () => (await doomedTicker.ask<number>({ type: 'count' })) > 5);

  // Load on the healthy thread before, during and after the crash.
  let sent = 0;
  let loading = true;
  const load = (async () => {
    while (loading) {
      for (let i = 0; i < 200; i++) healthyCounter.tell({ type: 'add', by: 1 });
      sent += 200;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();

  const ticksBefore = await healthyTicker.ask<number>({ type: 'count' });
  // An ask in flight on the doomed thread: it cannot be answered before the crash.
  const askedAt = Date.now();
  const pending = doomedGate
    .ask({ type: 'slow-echo', ms: 5_000, value: 'never' }, { timeoutMs: 10_000 })
    .then(
      (value) => ({ value, after: Date.now() - askedAt }),
      (error: unknown) => ({ error, after: Date.now() - askedAt }),
    );
  crasher.tell({ type: how });
  await until(() => events.some((e) => e.type === 'worker-crashed'), 10_000);
  const crashedAt = Date.now();
  // While thread 0 is being replaced, thread 1 keeps ticking.
  const ticksDuringReplacement = await healthyTicker.ask<number>({ type: 'count' });
  await until(() => events.some((e) => e.type === 'worker-replaced'));
  // The actors of the dead thread come back, on the replacement worker, from their init.
  await until(
    async () => (await crasher.ask<number>({ type: 'where' }, { timeoutMs: 500 }).catch(() => -1)) > 0,
    10_000,
  );
  const workerAfter = await crasher.ask<number>({ type: 'where' });
  loading = false;
  await load;
  await until(async () => (await healthyCounter.ask<number>({ type: 'get' })) === sent, 10_000);
  return {
    events,
    workerBefore,
    workerAfter,
    ticksBefore,
    ticksDuringReplacement,
    pending,
    crashedAt,
    doomedTicker,
  };
}

it('replaces a worker that calls process.exit mid-load, restarts its actors, loses nothing elsewhere', async () => {
  const outcome = await crashScenario('exit');
  expect(outcome.workerAfter).not.toBe(outcome.workerBefore);
  expect(outcome.workerAfter).not.toBe(threadId);
  expect(outcome.ticksDuringReplacement).toBeGreaterThanOrEqual(outcome.ticksBefore);
  const crash = outcome.events.find((e) => e.type === 'worker-crashed');
  expect(crash).toMatchObject({ thread: 0 });
  // The ask caught in flight on the dead thread failed fast, it did not wait for its timeout.
  const pendingOutcome = await outcome.pending;
  expect('error' in pendingOutcome && pendingOutcome.error).toBeInstanceOf(WorkerCrashedError);
  expect('error' in pendingOutcome && pendingOutcome.error).toMatchObject({
    code: 'worker_crashed',
    retryable: true,
    why: 'exit',
    exitCode: 3,
  });
  // Node says only the code; the thread's death note says which code called process.exit.
  const error = 'error' in pendingOutcome ? (pendingOutcome.error as WorkerCrashedError) : null;
  expect(error?.message).toMatch(
    /^worker thread 0 died: it exited with code 3 \(process\.exit called at .*crasher\.js:\d+/,
  );
  expect(error?.workerStack).toMatch(/crasher\.js/);
  expect(pendingOutcome.after).toBeLessThan(5_000);
  // The ticker homed on the dead thread restarted from init and ticks again.
  await until(async () => (await outcome.doomedTicker.ask<number>({ type: 'count' })) > 3);
  const stats = await system.stats();
  expect(stats.main.threadsReplaced).toBe(1);
  const tree = await system.inspect();
  expect(tree.children).toHaveLength(5);
  expect(tree.children.every((n) => n.status === 'active')).toBe(true);
});

it('replaces a worker killed by an uncaught error outside any turn', async () => {
  const outcome = await crashScenario('throw-outside');
  expect(outcome.workerAfter).not.toBe(outcome.workerBefore);
  expect(outcome.events.find((e) => e.type === 'worker-crashed')).toMatchObject({
    thread: 0,
    error: { data: { why: 'uncaught-error', retryable: true } },
  });
  expect('error' in (await outcome.pending) && (await outcome.pending)).toMatchObject({
    error: { message: 'worker thread 0 died: uncaught Error: uncaught outside a turn' },
  });
  // The worker's own stack travels with it: in the error, and in the event's record.
  const pending = await outcome.pending;
  expect('error' in pending && (pending.error as WorkerCrashedError).workerStack).toMatch(/crasher\.js/);
  const crash = outcome.events.find((e) => e.type === 'worker-crashed');
  expect(crash?.type === 'worker-crashed' && crash.error.data?.workerStack).toMatch(/crasher\.js/);
});

it('replaces a worker that exceeds its resourceLimits', async () => {
  // The watchdog is made patient here: a loaded machine collecting garbage near the limit can
  // stall the turn past the default 2 s, and then the watchdog, not the heap, ends the worker.
  const outcome = await crashScenario('exhaust-memory', {
    workerResourceLimits: { maxOldGenerationSizeMb: 48 },
    turnTimeoutMs: 60_000,
    loopTimeoutMs: 60_000,
  });
  expect(outcome.workerAfter).not.toBe(outcome.workerBefore);
  const crash = outcome.events.find((e) => e.type === 'worker-crashed');
  const young = defaultWorkerYoungGenerationMb();
  const limits = `maxOldGenerationSizeMb 48${young === undefined ? '' : `, maxYoungGenerationSizeMb ${young}`}`;
  expect(crash?.type === 'worker-crashed' && crash.error.message).toContain(`resource limits (${limits}): `);
  expect(crash?.type === 'worker-crashed' && crash.error.message).toMatch(/memory/i);
  expect(crash?.type === 'worker-crashed' && crash.error.data).toMatchObject({ why: 'resource-limit' });
});
