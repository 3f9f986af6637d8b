/**
 * The worker watchdog: a turn that never ends jams its thread; the thread is replaced
 * within the turn budget (+ 200 ms), the jammed durable actor comes back from the store,
 * the message that keeps jamming is quarantined — that message, never an acknowledged one
 * that happened to head the mailbox — and the other thread works throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../src/kernel/index.js';
import { Ledger, type LedgerState } from '../../fixtures/durable/ledger.js';
import { Ticker } from '../../fixtures/ticker.js';
import { idOn } from '../../helpers/homed-ids.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('replaces a thread jammed by an endless turn, restarts the actor from the store, quarantines the message', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-watchdog-'));
  const turnTimeoutMs = 500;
  system = createActorSystem({ threads: 2, dataDir, turnTimeoutMs });
  const events: (SystemEvent & { at: number })[] = [];
  system.subscribe((event) => events.push({ ...event, at: Date.now() }));
  const looper = await system.spawn(Ledger, { id: idOn(0, 'looper') });
  const ticker = await system.spawn(Ticker, { id: idOn(1, 'ticker') });
  await looper.tell({ type: 'add', id: 'kept', by: 5 });
  await until(async () => (await ticker.ask<number>({ type: 'count' })) > 5);

  const jammedAt = Date.now();
  await looper.tell({ type: 'spin' });
  // The other thread keeps working while thread 0 is jammed: sample it during the jam.
  const samples: number[] = [];
  while (!events.some((e) => e.type === 'worker-replaced')) {
    samples.push(await ticker.ask<number>({ type: 'count' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const replacedAt = events.find((e) => e.type === 'worker-replaced')?.at as number;
  // Not before the turn's budget ran out (how soon after is the watchdog bench's figure).
  expect(replacedAt - jammedAt).toBeGreaterThanOrEqual(turnTimeoutMs - 50);
  expect(samples.length).toBeGreaterThanOrEqual(5);
  expect(samples.at(-1)).toBeGreaterThan(samples[0] as number);
  const jam = events.find((e) => e.type === 'thread-jammed');
  expect(jam).toMatchObject({ thread: 0, actorId: looper.id });

  // Redelivered from the store, the message jams again until it is quarantined; then the
  // actor answers from its last committed state.
  await until(() => events.some((e) => e.type === 'dead-letter' && e.reason === 'quarantined'), 15_000);
  const report = await looper.ask<LedgerState>({ type: 'report' }, { timeoutMs: 10_000 });
  expect(report.applied).toEqual(['kept']);
  expect(events.filter((e) => e.type === 'thread-jammed').length).toBeGreaterThanOrEqual(2);
}, 30_000);

it('charges each jam to the message that jammed, never to an innocent one before it', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-watchdog-'));
  system = createActorSystem({ threads: 2, dataDir, turnTimeoutMs: 300 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const looper = await system.spawn(Ledger, { id: idOn(0, 'looper') });

  // Sent together: handled in one slice, the innocent one's commit waits behind the spin
  // each time, so after every replacement it heads the inbox again.
  const acknowledged = [looper.tell({ type: 'add', id: 'innocent', by: 1 }), looper.tell({ type: 'spin' })];
  await Promise.all(acknowledged);

  await until(() => events.some((e) => e.type === 'dead-letter' && e.reason === 'quarantined'), 20_000);
  const report = await looper.ask<LedgerState>({ type: 'report' }, { timeoutMs: 10_000 });
  expect(report.applied).toEqual(['innocent']);
  const [letter, ...others] = system.deadLetters().list(looper.id);
  expect(others).toEqual([]);
  expect(letter).toMatchObject({ message: { type: 'spin' }, attempts: 3, error: { code: 'thread_jammed' } });
  // Three jams (maxMessageAttempts), each charged to the spin as one more attempt.
  const jams = events.filter((e) => e.type === 'thread-jammed');
  expect(jams).toHaveLength(3);
  expect(
    events
      .filter((e) => e.type === 'actor-failed' && e.error.code === 'thread_jammed')
      .map((e) => e.type === 'actor-failed' && e.attempt),
  ).toEqual([1, 2, 3]);
  // The calls in flight learned why the worker died.
  const crash = events.find((e) => e.type === 'worker-crashed');
  expect(crash?.type === 'worker-crashed' && crash.error).toMatchObject({
    code: 'worker_crashed',
    data: { retryable: true, why: 'jammed' },
  });
}, 40_000);

it('does not count a neighbour’s jam against the actors that share its thread', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-watchdog-'));
  // One restart allowed per minute: were each replacement charged to everyone on the thread,
  // the second jam would suspend the innocent actor.
  system = createActorSystem({
    threads: 2,
    dataDir,
    turnTimeoutMs: 300,
    supervision: { intensity: 1, periodMs: 60_000 },
  });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const looper = await system.spawn(Ledger, { id: idOn(0, 'looper') });
  const innocent = await system.spawn(Ledger, { id: idOn(0, 'innocent') });
  await innocent.tell({ type: 'add', id: 'before', by: 1 });
  await looper.tell({ type: 'spin' });

  // The looper's own jams count against it (it may be suspended); the innocent's never do.
  await until(() => events.filter((e) => e.type === 'worker-replaced').length >= 2, 20_000);
  await innocent.tell({ type: 'add', id: 'after', by: 1 });
  const report = await innocent.ask<LedgerState>({ type: 'report' }, { timeoutMs: 10_000 });
  expect(report.applied).toEqual(['before', 'after']);
  const about = (id: string) => (e: SystemEvent) =>
    (e.type === 'actor-suspended' && e.id === id) ||
    (e.type === 'reached-max-restart-intensity' && e.child === id);
  expect(events.filter(about(innocent.id))).toEqual([]);
  expect(system.suspended().map((s) => s.id)).not.toContain(innocent.id);
  // The control: the same window suspends the looper, whose turns jammed.
  await until(() => events.some(about(looper.id)), 20_000);
}, 60_000);
