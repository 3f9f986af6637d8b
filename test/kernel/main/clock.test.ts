/**
 * The injected clock: a system made with `createManualClock(t0)` reads that clock on every
 * thread (`ctx.now()`) and decides by it on the main thread (the root supervisor's restart
 * window); a `clock` that is not one of the kernel's is refused, naming `options.clock`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ActorRef,
  type ActorSystem,
  createActorSystem,
  createManualClock,
  InvalidOptionError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { ClockReader } from '../../fixtures/clock-reader.js';
import { Counter, type CounterMsg } from '../../fixtures/counter.js';
import { sleep, until } from '../../helpers/until.js';

const T0 = Date.UTC(2030, 0, 1);

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

/** An id whose home is `thread`, found through the system's own placement (`refOf`). */
function idHomedOn(running: ActorSystem, thread: number, prefix: string): string {
  for (let i = 0; ; i++) if (running.refOf(`${prefix}-${i}`).thread === thread) return `${prefix}-${i}`;
}

describe('ctx.now()', () => {
  it('reads the manual clock on every thread and follows advance()', async () => {
    const clock = createManualClock(T0);
    system = createActorSystem({ threads: 2, clock });
    const running = system;
    const readers = await Promise.all(
      [0, 1].map((thread) => running.spawn(ClockReader, { id: idHomedOn(running, thread, 'reader') })),
    );
    expect(readers.map((reader) => reader.thread)).toEqual([0, 1]);

    expect(await Promise.all(readers.map((reader) => reader.ask<number>({ type: 'now' })))).toEqual([T0, T0]);
    clock.advance(1_234);
    expect(await Promise.all(readers.map((reader) => reader.ask<number>({ type: 'now' })))).toEqual([
      T0 + 1_234,
      T0 + 1_234,
    ]);
    clock.set(T0 - 60_000);
    expect(await readers[1]?.ask<number>({ type: 'now' })).toBe(T0 - 60_000);
  });
});

describe("the root supervisor's restart window", () => {
  const PERIOD_MS = 100;

  /** A system on a manual clock whose root allows 2 restarts per `PERIOD_MS`, one attempt per message. */
  async function startCounter() {
    const clock = createManualClock(T0);
    system = createActorSystem({
      threads: 2,
      clock,
      supervision: { maxMessageAttempts: 1, intensity: 2, periodMs: PERIOD_MS },
    });
    const events: SystemEvent[] = [];
    system.subscribe((event) => events.push(event));
    const counter = await system.spawn(Counter, { id: 'counter' });
    const count = (type: SystemEvent['type']) =>
      events.filter((event) => event.type === type && 'id' in event && event.id === counter.id).length;
    const escalations = () => events.filter((event) => event.type === 'reached-max-restart-intensity');
    /** Fail the counter once and wait until the root has dealt with it (restarted it or given up). */
    const failOnce = async (restartsBefore: number) => {
      counter.tell({ type: 'fail', why: 'told to' });
      await until(() => count('actor-restarted') > restartsBefore || escalations().length > 0);
    };
    return { clock, counter: counter as ActorRef<CounterMsg>, count, escalations, failOnce };
  }

  it('counts failures in one window while the manual clock stands still, however long real time runs', async () => {
    const { count, escalations, failOnce } = await startCounter();

    await failOnce(0);
    await sleep(PERIOD_MS * 2);
    await failOnce(1);
    await sleep(PERIOD_MS * 2);
    // On the system clock each failure would open a new window; on this one all three share one.
    await failOnce(2);

    expect(count('actor-restarted')).toBe(2);
    expect(escalations()).toMatchObject([
      { type: 'reached-max-restart-intensity', supervisor: 'root', child: 'counter' },
    ]);
    await until(() => count('actor-stopped') === 1);
  });

  it('lets restarts leave the window once the clock moves past periodMs', async () => {
    const { clock, counter, count, escalations, failOnce } = await startCounter();

    await failOnce(0);
    await failOnce(1);
    clock.advance(PERIOD_MS + 1);
    await failOnce(2);
    await failOnce(3);

    // Two restarts in each window: within the intensity, the counter is up.
    expect(count('actor-restarted')).toBe(4);
    expect(escalations()).toEqual([]);
    expect(await counter.ask<number>({ type: 'get' })).toBe(0);

    // Without moving the clock, a third failure in the new window is one too many.
    await failOnce(4);
    expect(escalations()).toMatchObject([{ supervisor: 'root', child: 'counter' }]);
  });
});

describe('options.clock', () => {
  it.each([
    ['a clock-like object', { now: () => T0, source: { kind: 'system' } }],
    ['a function', () => T0],
    ['a number', T0],
  ])('refuses %s, naming options.clock', (_what, clock) => {
    expect(() => createActorSystem({ clock: clock as never })).toThrow(InvalidOptionError);
    expect(() => createActorSystem({ clock: clock as never })).toThrow(/options\.clock/);
  });
});
