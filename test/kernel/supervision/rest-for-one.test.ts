/**
 * Rest-for-one: when a child fails, it and the children started after it are restarted —
 * terminated in reverse start order, then initialised in start order — while the
 * children started before it keep running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ActorRef, ActorSystem } from '../../../src/kernel/index.js';
import { type ChildMsg, Parent } from '../../fixtures/family.js';
import { Recorder } from '../../fixtures/recorder.js';
import { inspectNode, startSystem, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

describe('rest-for-one supervision', () => {
  it('restarts the failing child and those started after it, leaving earlier ones untouched', async () => {
    // One attempt per message: the failing message is quarantined at once, so one
    // failure means exactly one round of restarts.
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b', 'c', 'd'], recorder },
      supervision: { strategy: 'rest-for-one' },
    });
    expect(await untilLogged(recorder, 5)).toEqual(['init:parent', 'init:a', 'init:b', 'init:c', 'init:d']);

    parent.tell({ type: 'fail-child', name: 'b' });

    expect(await untilLogged(recorder, 11)).toEqual([
      'init:parent',
      'init:a',
      'init:b',
      'init:c',
      'init:d',
      'terminate:d:restart',
      'terminate:c:restart',
      'terminate:b:restart',
      'init:b',
      'init:c',
      'init:d',
    ]);
    const refs = await Promise.all(
      ['a', 'b', 'c', 'd'].map(
        (name) => parent.ask<ActorRef<ChildMsg>>({ type: 'child', name }) as Promise<ActorRef<ChildMsg>>,
      ),
    );
    const [a, b, c, d] = refs.map((ref) => ref.id) as [string, string, string, string];
    const parentNode = await inspectNode(system, parent.id);
    expect(parentNode?.children.map((child) => [child.id, child.restarts])).toEqual([
      [a, 0],
      [b, 1],
      [c, 1],
      [d, 1],
    ]);
    expect(started.events.of('actor-restarted').map((event) => event.id)).toEqual([b, c, d]);
    expect(await Promise.all(refs.map((ref) => ref.ask({ type: 'ping' })))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('restarts only the last child when the last child fails', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b', 'c'], recorder },
      supervision: { strategy: 'rest-for-one' },
    });
    await untilLogged(recorder, 4);

    parent.tell({ type: 'fail-child', name: 'c' });

    expect(await untilLogged(recorder, 6)).toEqual([
      'init:parent',
      'init:a',
      'init:b',
      'init:c',
      'terminate:c:restart',
      'init:c',
    ]);
    expect(started.events.of('actor-restarted')).toHaveLength(1);
  });
});
