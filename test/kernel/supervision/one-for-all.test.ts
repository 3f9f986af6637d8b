/**
 * One-for-all: when one child fails, every child of the supervisor is restarted — all of
 * them terminated in reverse start order, then all of them initialised again in start
 * order — while the supervisor itself carries on.
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

describe('one-for-all supervision', () => {
  it('terminates all children in reverse start order, then inits them in start order', async () => {
    // One attempt per message: the failing message is quarantined at once, so one
    // failure means exactly one round of restarts.
    const started = startSystem({ supervision: { maxMessageAttempts: 1 } });
    system = started.system;
    const recorder = await system.spawn(Recorder, { id: 'recorder' });
    const parent = await system.spawn(Parent, {
      id: 'parent',
      args: { names: ['a', 'b', 'c'], recorder },
      supervision: { strategy: 'one-for-all' },
    });
    expect(await untilLogged(recorder, 4)).toEqual(['init:parent', 'init:a', 'init:b', 'init:c']);

    parent.tell({ type: 'fail-child', name: 'b' });

    expect(await untilLogged(recorder, 10)).toEqual([
      'init:parent',
      'init:a',
      'init:b',
      'init:c',
      'terminate:c:restart',
      'terminate:b:restart',
      'terminate:a:restart',
      'init:a',
      'init:b',
      'init:c',
    ]);
    const refs = await Promise.all(
      ['a', 'b', 'c'].map(
        (name) => parent.ask<ActorRef<ChildMsg>>({ type: 'child', name }) as Promise<ActorRef<ChildMsg>>,
      ),
    );
    const ids = refs.map((ref) => ref.id);
    // The same children were restarted in place (same ids), each once, and answer again.
    const parentNode = await inspectNode(system, parent.id);
    expect(parentNode?.restarts).toBe(0);
    expect(parentNode?.children.map((child) => [child.id, child.restarts, child.status])).toEqual(
      ids.map((id) => [id, 1, 'active']),
    );
    expect(started.events.of('actor-restarted').map((event) => event.id)).toEqual(ids);
    expect(await Promise.all(refs.map((ref) => ref.ask({ type: 'ping' })))).toEqual(['a', 'b', 'c']);
  });
});
