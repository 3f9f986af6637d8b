/**
 * The heartbeat supervisor as an actor: silence turns an entity unresponsive then
 * offline and watchers are told; a beat brings it back; and after troupe itself was down,
 * the silence of the downtime is not held against anyone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  HeartbeatSupervisor,
  type HeartbeatSupervisorMsg,
} from '../../../../actors/supervisors/heartbeat/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { NoticeBox, type NoticeBoxMsg } from '../../../fixtures/heartbeat/notice-box.js';
import { until } from '../../../helpers/until.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('marks a silent entity unresponsive, then offline, tells the watchers, and recovers on a beat', async () => {
  system = createActorSystem({ threads: 2 });
  const box = await system.spawn(NoticeBox, {});
  const heartbeats = await system.spawn(HeartbeatSupervisor, {
    args: { sweepEveryMs: 20, offlineGraceMs: 100 },
  });
  await heartbeats.tell({ type: 'watch', watcher: box as never });
  await heartbeats.tell({ type: 'register', id: 'agent-1', intervalMs: 50 });
  const notices = () => box.ask<string[]>({ type: 'notices' });
  await until(async () => (await notices()).includes('offline:agent-1'), 3_000);
  expect(await notices()).toEqual(['unresponsive:agent-1', 'offline:agent-1']);
  await heartbeats.tell({ type: 'beat', id: 'agent-1' });
  await until(async () => (await notices()).includes('recovered:agent-1'));
});

it('does not mark anyone offline for the time troupe itself was down', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-heartbeat-'));
  system = createActorSystem({ threads: 2, dataDir });
  const box = await system.spawn(NoticeBox, { id: 'box' });
  const heartbeats = await system.spawn(HeartbeatSupervisor, {
    id: 'heartbeats',
    args: { sweepEveryMs: 50, offlineGraceMs: 200 },
  });
  await heartbeats.tell({ type: 'watch', watcher: box as never });
  await heartbeats.tell({ type: 'register', id: 'agent-1', intervalMs: 300 });
  await heartbeats.tell({ type: 'beat', id: 'agent-1' });
  await system.shutdown();
  // Down for longer than unresponsive + grace would allow.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  system = createActorSystem({ threads: 2, dataDir });
  const restarted = system.refOf<HeartbeatSupervisorMsg>('heartbeats');
  const status = await restarted.ask<{ status: string }>({ type: 'status', id: 'agent-1' });
  expect(status.status).toBe('healthy');
  // A few sweeps later, still no false mark (the agent had a full interval after the restart).
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await system.refOf<NoticeBoxMsg>('box').ask({ type: 'notices' })).toEqual([]);
  // Real silence after the restart is still noticed.
  await until(
    async () =>
      (await system?.refOf<NoticeBoxMsg>('box').ask<string[]>({ type: 'notices' }))?.includes(
        'unresponsive:agent-1',
      ) ?? false,
    3_000,
  );
});
