/**
 * Heartbeat monitor: the 2-missed-intervals rule, the offline grace, one event per
 * transition, recovery on a beat, deregistration, and the next deadline. Time is
 * passed explicitly or read from a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import {
  HeartbeatMonitor,
  type HeartbeatMonitorOptions,
} from '../../../../actors/supervisors/heartbeat/heartbeat-monitor.js';
import { UnknownEntityError } from '../../../../actors/supervisors/heartbeat/unknown-entity-error.js';
import { expectInvalidArgument } from '../flood/expect-invalid-argument.js';

const SECOND = 1_000;

function monitor(options: Omit<HeartbeatMonitorOptions, 'clock'> = {}) {
  const clock = createManualClock(0);
  return { clock, heartbeats: new HeartbeatMonitor({ ...options, clock }) };
}

describe('HeartbeatMonitor: unresponsive', () => {
  it('marks an entity unresponsive once it has missed 2 intervals, and says so once', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    expect(heartbeats.sweep(1_999)).toEqual([]);
    expect(heartbeats.sweep(2_000)).toEqual([
      { type: 'unresponsive', id: 'agent', lastBeatAt: 0, missed: 2 },
    ]);
    expect(heartbeats.sweep(2_500)).toEqual([]);
    expect(heartbeats.status('agent', 2_500)).toEqual({
      id: 'agent',
      status: 'unresponsive',
      intervalMs: SECOND,
      lastBeatAt: 0,
      missed: 2,
    });
  });

  it('counts missed intervals from the last beat', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    expect(heartbeats.beat('agent', 1_500)).toEqual([]);
    expect(heartbeats.sweep(3_499)).toEqual([]);
    expect(heartbeats.sweep(3_500)).toEqual([
      { type: 'unresponsive', id: 'agent', lastBeatAt: 1_500, missed: 2 },
    ]);
  });

  it('judges each entity by its own interval', () => {
    const { heartbeats } = monitor();
    heartbeats.register('fast', 100, 0);
    heartbeats.register('slow', 10 * SECOND, 0);
    expect(heartbeats.sweep(5_000).map((event) => [event.type, event.id])).toEqual([
      ['unresponsive', 'fast'],
      ['offline', 'fast'],
    ]);
    expect(heartbeats.status('slow', 5_000)?.status).toBe('healthy');
  });

  it('reads the injected clock when no time is given', () => {
    const { clock, heartbeats } = monitor();
    heartbeats.register('agent', SECOND);
    clock.advance(2_000);
    expect(heartbeats.sweep()).toEqual([{ type: 'unresponsive', id: 'agent', lastBeatAt: 0, missed: 2 }]);
  });

  it('reports nothing for a sweep dated before the last beat', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 10_000);
    expect(heartbeats.sweep(0)).toEqual([]);
    expect(heartbeats.status('agent', 0)?.missed).toBe(0);
  });

  it('honours missedBeforeUnresponsive', () => {
    const { heartbeats } = monitor({ missedBeforeUnresponsive: 3 });
    heartbeats.register('agent', SECOND, 0);
    expect(heartbeats.sweep(2_999)).toEqual([]);
    expect(heartbeats.sweep(3_000)).toMatchObject([{ type: 'unresponsive', missed: 3 }]);
  });
});

describe('HeartbeatMonitor: offline', () => {
  it('marks an unresponsive entity offline after a grace of 3 more intervals by default', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    heartbeats.sweep(2_000);
    expect(heartbeats.sweep(4_999)).toEqual([]);
    expect(heartbeats.sweep(5_000)).toEqual([{ type: 'offline', id: 'agent', lastBeatAt: 0, missed: 5 }]);
    expect(heartbeats.sweep(60_000)).toEqual([]);
  });

  it('uses offlineGraceMs when given', () => {
    const { heartbeats } = monitor({ offlineGraceMs: 500 });
    heartbeats.register('agent', SECOND, 0);
    expect(heartbeats.sweep(2_000)).toMatchObject([{ type: 'unresponsive' }]);
    expect(heartbeats.sweep(2_499)).toEqual([]);
    expect(heartbeats.sweep(2_500)).toMatchObject([{ type: 'offline', missed: 2 }]);
  });

  it('reports both transitions, in order, when a sweep comes late', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    expect(heartbeats.sweep(9_000)).toEqual([
      { type: 'unresponsive', id: 'agent', lastBeatAt: 0, missed: 9 },
      { type: 'offline', id: 'agent', lastBeatAt: 0, missed: 9 },
    ]);
  });
});

describe('HeartbeatMonitor: recovery', () => {
  it('recovers an unresponsive entity on its next beat', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    heartbeats.sweep(2_500);
    expect(heartbeats.beat('agent', 2_600)).toEqual([
      { type: 'recovered', id: 'agent', lastBeatAt: 2_600, missed: 2, from: 'unresponsive' },
    ]);
    expect(heartbeats.status('agent', 2_600)?.status).toBe('healthy');
    expect(heartbeats.beat('agent', 2_700)).toEqual([]);
    expect(heartbeats.sweep(4_699)).toEqual([]);
    expect(heartbeats.sweep(4_700)).toMatchObject([{ type: 'unresponsive', lastBeatAt: 2_700 }]);
  });

  it('recovers an offline entity on its next beat', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    heartbeats.sweep(7_000);
    expect(heartbeats.beat('agent', 7_200)).toEqual([
      { type: 'recovered', id: 'agent', lastBeatAt: 7_200, missed: 7, from: 'offline' },
    ]);
  });

  it('does not let a beat older than the last one move time back', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 5_000);
    heartbeats.beat('agent', 4_000);
    expect(heartbeats.status('agent', 5_000)?.lastBeatAt).toBe(5_000);
  });

  it('treats registering a known entity again as a beat with a new interval', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    heartbeats.sweep(3_000);
    expect(heartbeats.register('agent', 5 * SECOND, 3_000)).toEqual([
      { type: 'recovered', id: 'agent', lastBeatAt: 3_000, missed: 3, from: 'unresponsive' },
    ]);
    expect(heartbeats.sweep(12_999)).toEqual([]);
    expect(heartbeats.sweep(13_000)).toMatchObject([{ type: 'unresponsive', missed: 2 }]);
  });
});

describe('HeartbeatMonitor: registry', () => {
  it('forgets a deregistered entity: no events, and its beats are refused', () => {
    const { heartbeats } = monitor();
    heartbeats.register('agent', SECOND, 0);
    heartbeats.register('other', SECOND, 0);
    expect(heartbeats.deregister('agent')).toBe(true);
    expect(heartbeats.deregister('agent')).toBe(false);
    expect(heartbeats.sweep(10_000).map((event) => event.id)).toEqual(['other', 'other']);
    expect(heartbeats.status('agent')).toBeUndefined();
    expect(() => heartbeats.beat('agent')).toThrow(UnknownEntityError);
    expect(() => heartbeats.beat('agent')).toThrow(
      expect.objectContaining({ code: 'unknown_entity', entityId: 'agent' }),
    );
    expect(heartbeats.size).toBe(1);
  });

  it('lists every entity in registration order', () => {
    const { heartbeats } = monitor();
    heartbeats.register('b', SECOND, 0);
    heartbeats.register('a', 2 * SECOND, 0);
    expect(heartbeats.list(4_000).map(({ id, missed }) => [id, missed])).toEqual([
      ['b', 4],
      ['a', 2],
    ]);
  });

  it('tells when the next sweep could report something', () => {
    const { heartbeats } = monitor();
    expect(heartbeats.nextDeadline()).toBeUndefined();
    heartbeats.register('slow', 10 * SECOND, 0);
    heartbeats.register('fast', SECOND, 500);
    expect(heartbeats.nextDeadline()).toBe(2_500);
    heartbeats.sweep(2_500);
    expect(heartbeats.nextDeadline()).toBe(5_500); // fast goes offline after 3 more intervals
    heartbeats.sweep(5_500);
    expect(heartbeats.nextDeadline()).toBe(20_000); // fast is offline: only slow is due
  });

  it('rejects bad arguments with InvalidArgumentError naming the field', () => {
    const { heartbeats } = monitor();
    expectInvalidArgument(() => heartbeats.register('', SECOND), 'id', 'must be a non-empty string');
    expectInvalidArgument(() => heartbeats.register('a', 0), 'intervalMs', 'must be > 0');
    expectInvalidArgument(
      () => heartbeats.register('a', SECOND, Number.NaN),
      'now',
      'must be a finite number of milliseconds',
    );
    expectInvalidArgument(
      () => heartbeats.sweep(Number.POSITIVE_INFINITY),
      'now',
      'must be a finite number of milliseconds',
    );
    expectInvalidArgument(
      () => new HeartbeatMonitor({ clock: createManualClock(), offlineGraceMs: -1 }),
      'options.offlineGraceMs',
      'must be >= 0',
    );
  });
});
