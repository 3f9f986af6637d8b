/**
 * A worker thread reads the system's injected clock, never the machine's: `ctx.now()`,
 * flood control at the mailbox, in-memory and durable timers, and the supervision window.
 * A manual clock set a day ahead tells them apart — by the machine's clock nothing would
 * be due, refilled or outside the window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  createManualClock,
  type ManualClock,
  RateLimitedError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Parent } from '../../fixtures/family.js';
import { Gate } from '../../fixtures/gate.js';
import { Recorder } from '../../fixtures/recorder.js';
import { Ticker } from '../../fixtures/ticker.js';
import { Timekeeper } from '../../fixtures/timekeeper.js';
import { until } from '../../helpers/until.js';

const DAY_MS = 86_400_000;

let system: ActorSystem | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

function aDayAhead(): ManualClock {
  return createManualClock(Date.now() + DAY_MS);
}

it('ctx.now() reads the injected clock', async () => {
  const clock = aDayAhead();
  system = createActorSystem({ threads: 1, clock });
  const keeper = await system.spawn(Timekeeper, {});
  expect(await keeper.ask({ type: 'now' })).toBe(clock.now());
  clock.advance(1_234);
  expect(await keeper.ask({ type: 'now' })).toBe(clock.now());
});

it('refills a mailbox rate by the injected clock', async () => {
  const clock = aDayAhead();
  system = createActorSystem({ threads: 1, clock });
  const gate = await system.spawn(Gate, { mailbox: { rate: { perSecond: 1, burst: 1, policy: 'reject' } } });
  await gate.tell({ type: 'note', n: 1 });
  await expect(gate.tell({ type: 'note', n: 2 })).rejects.toBeInstanceOf(RateLimitedError);
  // A second passes on the system's clock (not on the machine's): one more token.
  clock.advance(1_000);
  await gate.tell({ type: 'note', n: 3 });
  clock.advance(1_000);
  expect(await gate.ask({ type: 'notes' })).toEqual([1, 3]);
});

it('counts an in-memory timer from the injected clock', async () => {
  system = createActorSystem({ threads: 1, clock: aDayAhead() });
  // Ticker schedules a tick 1 ms ahead of ctx.now(): a day ahead of the machine's clock.
  const ticker = await system.spawn(Ticker, {});
  await until(async () => (await ticker.ask<number>({ type: 'count' })) >= 3);
});

it('fires a durable timer when the injected clock reaches it', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-clock-'));
  const clock = aDayAhead();
  system = createActorSystem({ threads: 1, clock, dataDir });
  const ticker = await system.spawn(Ticker, {});
  clock.advance(10);
  await until(async () => (await ticker.ask<number>({ type: 'count' })) >= 1);
});

it('slides the supervision window by the injected clock', async () => {
  const clock = aDayAhead();
  system = createActorSystem({ threads: 1, clock, supervision: { maxMessageAttempts: 1 } });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const restarts = () => events.filter((event) => event.type === 'actor-restarted').length;
  const recorder = await system.spawn(Recorder, { id: 'recorder' });
  const parent = await system.spawn(Parent, {
    id: 'parent',
    args: { names: ['b'], recorder },
    supervision: { strategy: 'one-for-one', intensity: 1, periodMs: 1_000 },
  });
  parent.tell({ type: 'fail-child', name: 'b' });
  await until(() => restarts() === 1);
  // Two failures a few milliseconds apart on the machine, but two seconds apart on the
  // system's clock: the first left the window, so the second is restarted too.
  clock.advance(2_000);
  parent.tell({ type: 'fail-child', name: 'b' });
  await until(() => restarts() === 2);
  expect(events.filter((event) => event.type === 'reached-max-restart-intensity')).toEqual([]);
});
