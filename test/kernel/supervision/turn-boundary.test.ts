/**
 * The turn boundary: what a turn does through `ctx` (tells, spawns, the reply) is
 * applied only when the turn succeeds. A turn that throws — at once or after an await —
 * has no effects at all, on any attempt; so does an `init` that throws.
 *
 * Absence is checked with a marker: every effect below goes from the same actor to the
 * same recorder, in order, so once a later `say` has landed, an earlier effect would have.
 * Timers are not covered here: the restart after a failure cancels the actor's timers
 * anyway, so a leaked timer could not be observed reliably.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ActorSystem, MessageQuarantinedError, SpawnError } from '../../../src/kernel/index.js';
import { EffectsThenFail } from '../../fixtures/effects-then-fail.js';
import { Recorder } from '../../fixtures/recorder.js';
import { inspectNode, startSystem, until, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

async function setUp() {
  // Every failing message is tried three times: none of the attempts may leak an effect.
  const started = startSystem({ supervision: { maxMessageAttempts: 3, intensity: 100 } });
  system = started.system;
  const recorder = await system.spawn(Recorder, { id: 'recorder' });
  const actor = await system.spawn(EffectsThenFail, { id: 'effects-then-fail', args: { recorder } });
  return { ...started, recorder, actor };
}

describe('the turn boundary', () => {
  it('applies the tell of a turn that succeeds', async () => {
    const { recorder, actor } = await setUp();

    actor.tell({ type: 'say', line: 'kept' });

    expect(await untilLogged(recorder, 1)).toEqual(['kept']);
  });

  it('drops the tell of a turn that throws', async () => {
    const { recorder, actor, events } = await setUp();

    actor.tell({ type: 'say-then-fail', line: 'lost' });
    actor.tell({ type: 'say', line: 'marker' });

    expect(await untilLogged(recorder, 1)).toEqual(['marker']);
    expect(events.of('actor-failed', actor.id)).toHaveLength(3);
    expect(events.of('dead-letter', actor.id)).toMatchObject([{ reason: 'quarantined' }]);
  });

  it('drops the tell of an async turn that rejects after an await', async () => {
    const { recorder, actor, events } = await setUp();

    actor.tell({ type: 'say-then-fail-later', line: 'lost' });
    actor.tell({ type: 'say', line: 'marker' });

    expect(await untilLogged(recorder, 1)).toEqual(['marker']);
    expect(events.of('actor-failed', actor.id)).toHaveLength(3);
  });

  it('keeps the effects of successful turns around a failed one', async () => {
    const { recorder, actor } = await setUp();

    actor.tell({ type: 'say', line: 'before' });
    actor.tell({ type: 'say-then-fail', line: 'lost' });
    actor.tell({ type: 'say', line: 'after' });

    expect(await untilLogged(recorder, 2)).toEqual(['before', 'after']);
  });

  it('does not spawn the child of a turn that throws', async () => {
    const { recorder, actor, events } = await setUp();
    // A first, successful spawn loads the child's kind on this thread, so a leaked spawn
    // would init its child (and log `init:ghost`) at once, before any restart could stop it.
    actor.tell({ type: 'spawn', name: 'warm' });
    await untilLogged(recorder, 1);

    actor.tell({ type: 'spawn-then-fail', name: 'ghost' });
    actor.tell({ type: 'say', line: 'marker' });

    // The restart after the failure stops the existing child; nothing else happens.
    expect(await untilLogged(recorder, 3)).toEqual(['init:warm', 'terminate:warm:shutdown', 'marker']);
    await until(() => events.of('dead-letter', actor.id).length === 1);
    expect((await inspectNode(system as ActorSystem, actor.id))?.children).toEqual([]);
  });

  it('does not send the reply of a turn that throws', async () => {
    const { actor } = await setUp();

    const answer = actor.ask({ type: 'reply-then-fail', value: 'too early' });

    await expect(answer).rejects.toBeInstanceOf(MessageQuarantinedError);
  });

  it('drops the tell of an init that throws, and the actor is never created', async () => {
    const { recorder } = await setUp();
    const spawning = (system as ActorSystem).spawn(EffectsThenFail, {
      id: 'speaker',
      args: { recorder, failInitAfterSaying: 'lost' },
    });

    await expect(spawning).rejects.toBeInstanceOf(SpawnError);
    expect(await inspectNode(system as ActorSystem, 'speaker')).toBeUndefined();
    // Same id, so the same thread: its marker travels the same way the lost line would have.
    const actor = await (system as ActorSystem).spawn(EffectsThenFail, { id: 'speaker', args: { recorder } });
    actor.tell({ type: 'say', line: 'marker' });
    expect(await untilLogged(recorder, 1)).toEqual(['marker']);
  });
});
