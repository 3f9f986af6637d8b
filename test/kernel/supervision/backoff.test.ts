/**
 * Restart backoff: the n-th restart within the intensity window waits
 * `min(maxMs, initialMs * factor^(n-1))`, reported as `delayMs` on `actor-restarted`.
 * The count starts over once earlier restarts fall out of the window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActorRef, ActorSystem } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { type ChildMsg, Parent } from '../../fixtures/family.js';
import { Recorder } from '../../fixtures/recorder.js';
import { startSystem, until, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

describe('restart backoff', () => {
  it('doubles the delay of each restart of a top-level actor, up to maxMs', async () => {
    const started = startSystem({
      supervision: { maxMessageAttempts: 1, intensity: 10, backoff: { initialMs: 1, factor: 2, maxMs: 4 } },
    });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter' });

    for (let i = 0; i < 5; i++) counter.tell({ type: 'fail', why: `failure ${i + 1}` });

    await until(() => started.events.of('actor-restarted', counter.id).length === 5);
    expect(
      started.events.of('actor-restarted', counter.id).map((event) => [event.restarts, event.delayMs]),
    ).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
      [4, 4],
      [5, 4],
    ]);
  });

  it('applies the supervisor actor’s own backoff to its children', async () => {
    // The system default is no backoff at all: every delay below comes from the parent's spec.
    const started = startSystem({ supervision: { maxMessageAttempts: 1, backoff: { initialMs: 0 } } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a'], recorder },
      supervision: { intensity: 10, backoff: { initialMs: 5, factor: 3, maxMs: 30 } },
    });
    await untilLogged(recorder, 2);
    const child = (await parent.ask<ActorRef<ChildMsg>>({ type: 'child', name: 'a' })) as ActorRef<ChildMsg>;

    for (let i = 0; i < 4; i++) parent.tell({ type: 'fail-child', name: 'a' });

    await until(() => started.events.of('actor-restarted', child.id).length === 4);
    expect(started.events.of('actor-restarted', child.id).map((event) => event.delayMs)).toEqual([
      5, 15, 30, 30,
    ]);
  });

  it('waits the delay before restarting', async () => {
    const delayMs = 150;
    const started = startSystem({ supervision: { maxMessageAttempts: 1, backoff: { initialMs: delayMs } } });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter' });
    const seenAt = new Map<string, number>();
    system.subscribe((event) => {
      if (event.type === 'actor-failed' || event.type === 'actor-restarted')
        seenAt.set(event.type, performance.now());
    });

    counter.tell({ type: 'fail', why: 'once' });
    const asked = performance.now();
    // Queued behind the restart: answered by the new incarnation, once the delay is over.
    expect(await counter.ask({ type: 'get' })).toBe(0);
    const answered = performance.now();

    expect(started.events.of('actor-restarted', counter.id)).toMatchObject([{ delayMs }]);
    // Timers may fire a millisecond early; allow a little slack below the delay.
    expect(
      (seenAt.get('actor-restarted') ?? 0) - (seenAt.get('actor-failed') ?? Number.POSITIVE_INFINITY),
    ).toBeGreaterThanOrEqual(delayMs - 10);
    expect(answered - asked).toBeGreaterThanOrEqual(delayMs - 10);
  });

  it('starts again from initialMs once earlier restarts leave the window', async () => {
    const periodMs = 200;
    const started = startSystem({
      supervision: {
        maxMessageAttempts: 1,
        intensity: 10,
        periodMs,
        backoff: { initialMs: 1, factor: 2, maxMs: 100 },
      },
    });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter' });
    const restarts = () => started.events.of('actor-restarted', counter.id);

    counter.tell({ type: 'fail', why: 'first' });
    counter.tell({ type: 'fail', why: 'second' });
    await until(() => restarts().length === 2);
    // Let both restarts fall out of the intensity window.
    await new Promise((resolve) => setTimeout(resolve, periodMs + 50));
    counter.tell({ type: 'fail', why: 'third' });
    await until(() => restarts().length === 3);

    expect(restarts().map((event) => event.delayMs)).toEqual([1, 2, 1]);
  });
});
