/**
 * Heartbeats across a restart of troupe: beats sent while troupe was down must not
 * count as missed. `resumeAfterDowntime` and `restore(snapshot, now)` treat every
 * entity as having beaten at `now`; statuses survive; snapshots are plain data.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import { HeartbeatMonitor } from '../../../../actors/supervisors/heartbeat/heartbeat-monitor.js';
import type { HeartbeatSnapshot } from '../../../../actors/supervisors/heartbeat/heartbeat-snapshot.js';
import { expectInvalidArgument } from '../flood/expect-invalid-argument.js';

const SECOND = 1_000;
const TEN_MINUTES = 10 * 60 * SECOND;

function fleet(at: number) {
  const heartbeats = new HeartbeatMonitor({ clock: createManualClock(at) });
  for (let i = 0; i < 50; i++) heartbeats.register(`agent-${i}`, SECOND, at);
  return heartbeats;
}

describe('HeartbeatMonitor after downtime', () => {
  it('would mark everyone offline after 10 minutes of silence (the problem)', () => {
    const heartbeats = fleet(0);
    expect(heartbeats.sweep(TEN_MINUTES).filter((event) => event.type === 'offline')).toHaveLength(50);
  });

  it('marks nobody offline after troupe itself was down for 10 minutes', () => {
    const heartbeats = fleet(0);
    heartbeats.resumeAfterDowntime(TEN_MINUTES);
    expect(heartbeats.sweep(TEN_MINUTES)).toEqual([]);
    expect(heartbeats.sweep(TEN_MINUTES + 1_999)).toEqual([]);
    heartbeats.beat('agent-0', TEN_MINUTES + 1_000);
    // Detection resumes normally from the restart: the silent ones are unresponsive after 2 intervals.
    const events = heartbeats.sweep(TEN_MINUTES + 2_000);
    expect(events).toHaveLength(49);
    expect(events.every((event) => event.type === 'unresponsive' && event.missed === 2)).toBe(true);
  });

  it('restores a snapshot taken before a 10-minute outage without false offline marks', () => {
    const before = fleet(0);
    before.beat('agent-7', 900);
    const snapshot: HeartbeatSnapshot = JSON.parse(JSON.stringify(before.snapshot(1_000)));

    const after = new HeartbeatMonitor({ clock: createManualClock(TEN_MINUTES + 1_000) });
    after.restore(snapshot, TEN_MINUTES + 1_000);
    expect(after.size).toBe(50);
    expect(after.sweep(TEN_MINUTES + 2_999)).toEqual([]);
    expect(after.status('agent-7')).toEqual({
      id: 'agent-7',
      status: 'healthy',
      intervalMs: SECOND,
      lastBeatAt: TEN_MINUTES + 1_000,
      missed: 0,
    });
  });

  it('keeps statuses across a restart: no repeated offline, and recovery on the next beat', () => {
    const before = new HeartbeatMonitor({ clock: createManualClock(0) });
    before.register('gone', SECOND, 0);
    before.register('flaky', SECOND, 0);
    before.beat('flaky', 4_000);
    expect(before.sweep(6_000).map((event) => [event.type, event.id])).toEqual([
      ['unresponsive', 'gone'],
      ['offline', 'gone'],
      ['unresponsive', 'flaky'],
    ]);
    const snapshot = before.snapshot(6_000);

    const after = new HeartbeatMonitor({ clock: createManualClock(0) });
    after.restore(snapshot, TEN_MINUTES);
    expect(after.sweep(TEN_MINUTES + 2_000)).toEqual([]); // still unresponsive / offline: nothing new
    expect(after.sweep(TEN_MINUTES + 5_000)).toEqual([
      { type: 'offline', id: 'flaky', lastBeatAt: TEN_MINUTES, missed: 5 },
    ]);
    expect(after.beat('gone', TEN_MINUTES + 5_500)).toMatchObject([{ type: 'recovered', from: 'offline' }]);
  });

  it('takes snapshots as plain data that survive structured cloning', () => {
    const heartbeats = new HeartbeatMonitor({ clock: createManualClock(42) });
    heartbeats.register('a', 250);
    const snapshot = heartbeats.snapshot();
    expect(snapshot).toEqual({
      version: 1,
      takenAt: 42,
      entities: [{ id: 'a', intervalMs: 250, lastBeatAt: 42, status: 'healthy' }],
    });
    expect(structuredClone(snapshot)).toEqual(snapshot);
  });

  it('replaces what it knew with the snapshot', () => {
    const heartbeats = new HeartbeatMonitor({ clock: createManualClock(0) });
    heartbeats.register('stale', SECOND, 0);
    heartbeats.restore({ version: 1, takenAt: 0, entities: [] }, 5_000);
    expect(heartbeats.size).toBe(0);
  });

  it('never moves a last beat back in time on resume', () => {
    const heartbeats = new HeartbeatMonitor({ clock: createManualClock(0) });
    heartbeats.register('a', SECOND, 5_000);
    heartbeats.resumeAfterDowntime(4_000);
    expect(heartbeats.status('a', 5_000)?.lastBeatAt).toBe(5_000);
  });

  it('rejects a malformed snapshot with InvalidArgumentError naming the field', () => {
    const heartbeats = new HeartbeatMonitor({ clock: createManualClock(0) });
    const entity = { id: 'a', intervalMs: SECOND, lastBeatAt: 0, status: 'healthy' } as const;
    expectInvalidArgument(
      () => heartbeats.restore({ version: 1, takenAt: 0, entities: [{ ...entity, intervalMs: 0 }] }, 0),
      'snapshot.entities.0.intervalMs',
      'must be > 0',
    );
    expectInvalidArgument(
      () => heartbeats.restore({ version: 1, takenAt: 0, entities: [entity, entity] }, 0),
      'snapshot.entities.1.id',
      'is a duplicate',
    );
    expectInvalidArgument(
      () => heartbeats.restore({ version: 2, takenAt: 0, entities: [] } as never, 0),
      'snapshot.version',
      'must be one of 1',
    );
    expectInvalidArgument(
      () =>
        heartbeats.restore(
          { version: 1, takenAt: 0, entities: [{ ...entity, status: 'zombie' }] } as never,
          0,
        ),
      'snapshot.entities.0.status',
      'must be one of "healthy", "unresponsive", "offline"',
    );
  });
});
