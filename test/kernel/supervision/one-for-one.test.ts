/**
 * One-for-one: a failing child is restarted alone — terminate('restart') then init with
 * its original args, its state back to what init makes — and its siblings keep running
 * with their state untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActorRef, ActorSystem } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { Recorder } from '../../fixtures/recorder.js';
import { type TallyMsg, TallyTeam } from '../../fixtures/tally.js';
import { inspectNode, startSystem, until, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

describe('one-for-one supervision', () => {
  it('restarts only the failing child, resetting its state and leaving its siblings alone', async () => {
    // One attempt per message: the failing message is quarantined at once, so one
    // failure means exactly one restart.
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const team = await system.spawn(TallyTeam, {
      id: 'team',
      args: { members: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], recorder },
      supervision: { strategy: 'one-for-one' },
    });
    await untilLogged(recorder, 4);
    const member = async (name: string) =>
      (await team.ask<ActorRef<TallyMsg> | null>({ type: 'member', name })) as ActorRef<TallyMsg>;
    const [a, b, c] = [await member('a'), await member('b'), await member('c')];
    a.tell({ type: 'add', by: 1 });
    b.tell({ type: 'add', by: 2 });
    c.tell({ type: 'add', by: 3 });
    expect(await Promise.all([a, b, c].map((ref) => ref.ask({ type: 'get' })))).toEqual([1, 2, 3]);

    b.tell({ type: 'fail' });

    expect(await untilLogged(recorder, 6)).toEqual([
      'init:team',
      'init:a',
      'init:b',
      'init:c',
      'terminate:b:restart',
      'init:b',
    ]);
    // b is back to its init state; a and c kept theirs.
    expect(await Promise.all([a, b, c].map((ref) => ref.ask({ type: 'get' })))).toEqual([1, 0, 3]);
    expect(started.events.of('actor-restarted').map((event) => event.id)).toEqual([b.id]);
    // The team itself never failed: the same three children are under it, only b restarted.
    const teamNode = await inspectNode(system, team.id);
    expect(teamNode?.restarts).toBe(0);
    expect(teamNode?.children.map((child) => [child.id, child.restarts, child.status])).toEqual([
      [a.id, 0, 'active'],
      [b.id, 1, 'active'],
      [c.id, 0, 'active'],
    ]);
  });

  it('restarts a failing top-level actor under the root on its own, with its original args', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const failing = await system.spawn(Counter, { id: 'failing', args: { start: 10 } });
    const bystander = await system.spawn(Counter, { id: 'bystander', args: { start: 100 } });
    failing.tell({ type: 'add', by: 5 });
    bystander.tell({ type: 'add', by: 5 });
    expect(await failing.ask({ type: 'get' })).toBe(15);

    failing.tell({ type: 'fail', why: 'boom' });

    await until(() => started.events.of('actor-restarted', failing.id).length === 1);
    expect(await failing.ask({ type: 'get' })).toBe(10);
    expect(await bystander.ask({ type: 'get' })).toBe(105);
    expect(started.events.of('actor-restarted').map((event) => event.id)).toEqual([failing.id]);
    expect((await inspectNode(system, bystander.id))?.restarts).toBe(0);
  });
});
