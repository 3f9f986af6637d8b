/**
 * The change watch as an actor: a watch is answered only when mail is posted to its agent (a
 * deferred reply), at once when the watcher missed mail or names another epoch, on
 * `unwatch`, and when its time-to-live runs out — every watcher is answered once and
 * dropped, so none accumulate.
 */
import { afterEach, expect, it } from 'vitest';
import type { MailPosted } from '../../../actors/coordination/change-events.js';
import {
  ChangeWatch,
  type ChangeWatchMsg,
  type WatchAnswer,
} from '../../../actors/coordination/change-watch.js';
import { type ActorRef, type ActorSystem, createActorSystem } from '../../../src/kernel/index.js';
import { sleep } from '../../helpers/until.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

const letter = (to: string, id: string): MailPosted['message'] => ({ id, from: 'alice', to, content: null });

function watcher(watch: ActorRef<ChangeWatchMsg>, watcherId: string, key: string, seen: WatchAnswer | null) {
  return watch.ask<WatchAnswer>(
    { type: 'watch', watcherId, topic: 'inbox', key, epoch: seen?.epoch ?? null, after: seen?.count ?? null },
    { timeoutMs: 3_000 },
  );
}

/** Whether a promise has settled by now. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true), sleep(50).then(() => false)]);
}

it('answers watchers when mail is posted to their agent, and no one else', async () => {
  system = createActorSystem({ threads: 1 });
  const watch = await system.spawn(ChangeWatch, { args: { ttlMs: 60_000 } });
  const baseline = await watcher(watch, 'w-bob', 'bob', null);
  expect(baseline.count).toBe(0);

  const bob = watcher(watch, 'w-bob', 'bob', baseline);
  const carol = watcher(watch, 'w-carol', 'carol', { ...baseline, key: 'carol' });
  expect(await settled(bob)).toBe(false);
  watch.tell({ type: 'posted', via: 'send', message: letter('bob', 'm-1') });
  expect(await bob).toEqual({ key: 'bob', topic: 'inbox', epoch: baseline.epoch, count: 1 });
  expect(await settled(carol)).toBe(false);

  // Mail posted while no watch was pending is not missed: the next watch is answered at once.
  watch.tell({ type: 'posted', via: 'notice', message: letter('bob', 'm-2') });
  await sleep(20);
  expect((await watcher(watch, 'w-bob', 'bob', { ...baseline, count: 1 })).count).toBe(2);
  // A count of another epoch does not compare: answered at once too.
  expect(await settled(watcher(watch, 'w-bob', 'bob', { ...baseline, epoch: 'earlier', count: 2 }))).toBe(
    true,
  );

  watch.tell({ type: 'unwatch', watcherId: 'w-carol' });
  expect(await carol).toEqual({ key: 'carol', topic: 'inbox', epoch: baseline.epoch, count: 0 });
});

it('answers a watch with no news when its time-to-live runs out', async () => {
  system = createActorSystem({ threads: 1 });
  const watch = await system.spawn(ChangeWatch, { args: { ttlMs: 100 } });
  const baseline = await watcher(watch, 'w', 'bob', null);
  const started = Date.now();
  expect(await watcher(watch, 'w', 'bob', baseline)).toEqual(baseline);
  expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  // The expired watcher is gone: a later post answers only the new watch.
  const next = watcher(watch, 'w', 'bob', baseline);
  watch.tell({ type: 'posted', via: 'send', message: letter('bob', 'm-1') });
  expect((await next).count).toBe(1);
});
