/**
 * Liveness by the agent actor's own durable timer: silent for 2 heartbeat intervals →
 * unresponsive, for 5 → offline (its leases are handed back, its record stays); the next
 * heartbeat makes it available again; `checkResponsiveness` answers against a threshold; a
 * timer that fires long after it was due (troupe itself was down) grants a fresh interval
 * instead of judging the agent; the change watch hears of each change of status.
 */
import { afterEach, expect, it } from 'vitest';
import {
  checkResponsiveness,
  findAgents,
  getAgent,
  heartbeat,
} from '../../../../actors/coordination/agents/api.js';
import type { PresenceNews } from '../../../../actors/coordination/agents/presence-news.js';
import type { WatchAnswer } from '../../../../actors/coordination/change-watch.js';
import { lockActorId } from '../../../../actors/coordination/ids.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';
import { PresenceListener } from '../../../fixtures/coordination/presence-listener.js';
import { sleep, until } from '../../../helpers/until.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('marks a silent agent unresponsive, then offline (handing its lease back), and available when it beats', async () => {
  const h = await AgentsHarness.open({ watch: true });
  harness = h;
  const { domain } = h;
  const watch = h.watch;
  if (!watch) throw new Error('no watch');
  await h.register('quiet', { heartbeatIntervalS: 0.2 });
  const lock = await h.system.spawn(PresenceListener, { id: lockActorId('held.ts') });
  await lock.ask({ type: 'hold', table: 'leases-by-holder', agentId: 'quiet', name: 'held.ts' });
  const changes = async () =>
    (
      await watch.ask<WatchAnswer>({
        type: 'watch',
        watcherId: 'w',
        topic: 'agent',
        key: 'quiet',
        epoch: null,
        after: null,
      })
    ).count;
  const before = await changes();

  const seen: string[] = [];
  const deadline = Date.now() + 10_000;
  while (seen.at(-1) !== 'offline' && Date.now() < deadline) {
    const [agent] = accepted(await findAgents(domain, {})).items;
    if (agent && agent.status !== seen.at(-1)) seen.push(agent.status);
    await sleep(20);
  }
  expect(seen).toEqual(['available', 'unresponsive', 'offline']);
  expect(await changes()).toBeGreaterThanOrEqual(before + 2);
  await until(async () => (await lock.ask<readonly PresenceNews[]>({ type: 'heard' })).length === 1);
  expect(await lock.ask({ type: 'heard' })).toEqual([
    { type: 'holder-gone', agentId: 'quiet', reason: 'offline' },
  ]);

  const offline = accepted(await checkResponsiveness(domain, 'quiet'));
  expect(offline).toMatchObject({
    status: 'offline',
    responsive: false,
    heartbeatIntervalS: 0.2,
    thresholdS: null,
  });
  expect(offline.missedIntervals).toBeGreaterThanOrEqual(5);
  expect(accepted(await checkResponsiveness(domain, 'quiet', 3_600)).responsive).toBe(false);
  expect(await checkResponsiveness(domain, 'nobody')).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'agent_id' },
  });
  expect(await checkResponsiveness(domain, 'quiet', -1)).toMatchObject({
    ok: false,
    error: { code: 'invalid_argument', field: 'threshold_seconds' },
  });

  expect(accepted(await heartbeat(domain, as('quiet'), { agentId: 'quiet' })).status).toBe('available');
  expect(accepted(await checkResponsiveness(domain, 'quiet'))).toMatchObject({
    status: 'available',
    responsive: true,
  });
  // Heard from just now: within a threshold of a minute, beyond one of a millisecond once time has passed.
  expect(accepted(await checkResponsiveness(domain, 'quiet', 60)).responsive).toBe(true);
  await sleep(20);
  expect(accepted(await checkResponsiveness(domain, 'quiet', 0.001)).responsive).toBe(false);
  // And silence judges it again.
  await until(async () => accepted(await getAgent(domain, 'quiet')).status === 'unresponsive');
});

it('grants a fresh interval when its timer fires long after it was due (troupe was down)', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  await h.register('sleeper', { heartbeatIntervalS: 0.5 });
  await h.system.shutdown();
  // Down for more than five intervals (and more than the 2 s a late timer is allowed).
  await sleep(3_000);
  await h.restart();
  await sleep(300);
  expect(accepted(await getAgent(h.domain, 'sleeper')).status).toBe('available');
  await until(async () => accepted(await getAgent(h.domain, 'sleeper')).status === 'offline', 10_000);
});
