/**
 * Restart intensity: more than `intensity` restarts within `periodMs` and the supervisor
 * gives up. A supervisor actor then fails itself and is restarted by its own supervisor
 * (children stopped first, then its init re-run, which spawns them again); the root,
 * with nowhere to escalate, stops the top-level actor for good.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ActorNotFoundError, type ActorRef, type ActorSystem } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { type ChildMsg, Parent } from '../../fixtures/family.js';
import { Recorder } from '../../fixtures/recorder.js';
import { inspectNode, startSystem, until, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

/** The children's restart log of a Parent whose child `b` failed three times under intensity 2. */
const FAILED_THRICE = [
  'init:parent',
  'init:a',
  'init:b',
  'init:c',
  'terminate:b:restart',
  'init:b',
  'terminate:b:restart',
  'init:b',
  // The third failure exceeds intensity 2: the parent fails; the root restarts it, which
  // stops its children (reverse start order) and re-runs its init.
  'terminate:c:shutdown',
  'terminate:b:shutdown',
  'terminate:a:shutdown',
  'init:parent',
  'init:a',
  'init:b',
  'init:c',
];

async function childOf(parent: ActorRef<unknown>, name: string): Promise<ActorRef<ChildMsg>> {
  return (await parent.ask<ActorRef<ChildMsg>>({ type: 'child', name })) as ActorRef<ChildMsg>;
}

describe('restart intensity', () => {
  it('escalates to the parent after too many child restarts, and the root restarts the parent', async () => {
    // One attempt per message, so each `fail-child` is exactly one failure.
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b', 'c'], recorder },
      supervision: { strategy: 'one-for-one', intensity: 2, periodMs: 5_000 },
    });
    await untilLogged(recorder, 4);
    const before = await Promise.all(['a', 'b', 'c'].map((name) => childOf(parent, name)));
    const failing = before[1] as ActorRef<ChildMsg>;

    for (let i = 0; i < 3; i++) parent.tell({ type: 'fail-child', name: 'b' });

    expect(await untilLogged(recorder, FAILED_THRICE.length)).toEqual(FAILED_THRICE);
    expect(started.events.of('reached-max-restart-intensity')).toMatchObject([
      { supervisor: parent.id, child: failing.id },
    ]);
    expect(started.events.of('actor-failed').map((event) => event.id)).toEqual([
      failing.id,
      failing.id,
      failing.id,
      parent.id,
    ]);
    await until(() => started.events.of('actor-restarted', parent.id).length === 1);

    // The parent is the same actor, restarted once, with freshly spawned children.
    const after = await Promise.all(['a', 'b', 'c'].map((name) => childOf(parent, name)));
    const node = await inspectNode(system, parent.id);
    expect(node?.restarts).toBe(1);
    expect(node?.status).toBe('active');
    expect(node?.children.map((child) => [child.id, child.restarts])).toEqual(
      after.map((ref) => [ref.id, 0]),
    );
    expect(after.map((ref) => ref.id)).not.toContain(failing.id);
    await expect(failing.ask({ type: 'ping' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      ActorNotFoundError,
    );
    expect(await Promise.all(after.map((ref) => ref.ask({ type: 'ping' })))).toEqual(['a', 'b', 'c']);
  });

  it('does not escalate while restarts stay within the intensity', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b'], recorder },
      supervision: { intensity: 2, periodMs: 5_000 },
    });
    await untilLogged(recorder, 3);

    parent.tell({ type: 'fail-child', name: 'a' });
    await untilLogged(recorder, 5);
    parent.tell({ type: 'fail-child', name: 'b' });

    // Two restarts in the window are allowed: no escalation, the parent stays up.
    expect(await untilLogged(recorder, 7)).toEqual([
      'init:parent',
      'init:a',
      'init:b',
      'terminate:a:restart',
      'init:a',
      'terminate:b:restart',
      'init:b',
    ]);
    expect(started.events.of('reached-max-restart-intensity')).toEqual([]);
    expect((await inspectNode(system, parent.id))?.restarts).toBe(0);
  });

  it('gives a restarted supervisor a fresh restart window', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b', 'c'], recorder },
      supervision: { intensity: 2, periodMs: 5_000 },
    });
    await untilLogged(recorder, 4);
    for (let i = 0; i < 3; i++) parent.tell({ type: 'fail-child', name: 'b' });
    await untilLogged(recorder, FAILED_THRICE.length);
    await until(() => started.events.of('actor-restarted', parent.id).length === 1);

    // The new incarnation of the parent has restarted nobody yet: one child failure is
    // an ordinary one-for-one restart, not a second escalation.
    parent.tell({ type: 'fail-child', name: 'c' });

    expect((await untilLogged(recorder, FAILED_THRICE.length + 2)).slice(FAILED_THRICE.length)).toEqual([
      'terminate:c:restart',
      'init:c',
    ]);
    expect(started.events.of('reached-max-restart-intensity')).toHaveLength(1);
    expect((await inspectNode(system, parent.id))?.restarts).toBe(1);
  });

  it('stops a top-level actor for good when it exceeds the root intensity', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 1, intensity: 2, periodMs: 5_000 } });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter', args: { start: 1 } });

    for (let i = 0; i < 3; i++) counter.tell({ type: 'fail', why: `failure ${i + 1}` });

    await until(() => started.events.of('reached-max-restart-intensity').length === 1);
    expect(started.events.of('reached-max-restart-intensity')).toMatchObject([
      { supervisor: 'root', child: counter.id },
    ]);
    await until(() => started.events.of('actor-stopped', counter.id).length === 1);
    expect(started.events.of('actor-restarted', counter.id).map((event) => event.restarts)).toEqual([1, 2]);
    await expect(counter.ask({ type: 'get' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      ActorNotFoundError,
    );
    expect(await inspectNode(system, counter.id)).toBeUndefined();
  });
});
