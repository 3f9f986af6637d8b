/**
 * The watchdog under a flood: a thread that gets a batch of hundreds of spawns whose `init`
 * is async and heavy is busy, not jammed. Its inbound side starts at most a few dozen of them
 * per slice, so their continuations — which run back to back in one microtask checkpoint,
 * with no timer phase between them — never hold the loop for long; before, one slice could
 * start them all and the watchdog ended the thread (`worker_crashed` for every spawn).
 */
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../src/kernel/index.js';
import { SlowStart, SlowStarter } from '../../fixtures/slow-start.js';
import { idsOn } from '../../helpers/homed-ids.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

it('does not take a thread starting a batch of heavy spawns for a jammed one', async () => {
  const loopTimeoutMs = 1_000;
  system = createActorSystem({ threads: 2, loopTimeoutMs, turnTimeoutMs: loopTimeoutMs });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  // Thread 0 has the kind's module loaded (actors waiting for a module start together when it comes).
  const [first] = idsOn(0, 'first', 1) as [string];
  await system.spawn(SlowStart, { id: first, args: { busyMs: 0 } });
  // An actor on thread 1 spawns 300 inits of 8 ms each on thread 0: 2.4 s of continuations, one batch.
  const ids = idsOn(0, 'slow', 300);
  const starter = await system.spawn(SlowStarter, { id: idsOn(1, 'starter', 1)[0] as string });
  const started = performance.now();
  await starter.ask({ type: 'spawn', ids, busyMs: 8 });
  const last = system.refOf<{ type: 'ready?' }>(ids.at(-1) as string);
  await until(async () => (await last.ask({ type: 'ready?' }).catch(() => false)) === true, 20_000);
  // The work did outlast the loop budget: one slice starting it all would have been a jam.
  expect(performance.now() - started).toBeGreaterThan(2 * loopTimeoutMs);
  expect(events.filter((event) => event.type === 'thread-jammed' || event.type === 'worker-crashed')).toEqual(
    [],
  );
}, 30_000);
