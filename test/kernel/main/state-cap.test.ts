/**
 * The per-actor state cap: a turn whose state would exceed it fails with a typed error and
 * an event; nothing of it is kept, and the actor goes on.
 */
import { afterEach, expect, it } from 'vitest';
import { type ActorSystem, createActorSystem, type SystemEvent } from '../../../src/kernel/index.js';
import { Hoarder } from '../../fixtures/hoarder.js';
import { Recorder } from '../../fixtures/recorder.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

it('fails a turn whose state would outgrow the cap, keeps the actor going', async () => {
  system = createActorSystem({ threads: 1 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const hoarder = await system.spawn(Hoarder, { supervision: { maxMessageAttempts: 1 } });
  expect(await hoarder.ask({ type: 'keep', text: 'small' })).toBe(1);
  await expect(hoarder.ask({ type: 'keep', text: 'x'.repeat(500) })).rejects.toThrow(/over its cap of 200/);
  await until(() => events.some((e) => e.type === 'actor-failed' && e.error.code === 'state_too_large'));
  // The oversized turn left nothing behind; a memory actor restarts from init.
  expect(await hoarder.ask({ type: 'kept' })).toEqual([]);
  expect(await hoarder.ask({ type: 'keep', text: 'again' })).toBe(1);
});

it('applies the system-wide cap to kinds without their own', async () => {
  expect(() => createActorSystem({ threads: 1, maxStateBytes: 0 })).toThrow(/options.maxStateBytes/);
  system = createActorSystem({ threads: 1, maxStateBytes: 100 });
  const recorder = await system.spawn(Recorder, { supervision: { maxMessageAttempts: 1 } });
  await recorder.tell({ type: 'log', line: 'short' });
  await recorder.tell({ type: 'log', line: 'y'.repeat(300) });
  await recorder.tell({ type: 'log', line: 'after' });
  // The oversized turn failed; the restart cleared the in-memory state; the next line is kept.
  await until(async () => (await recorder.ask<string[]>({ type: 'lines' })).includes('after'));
  expect(await recorder.ask<string[]>({ type: 'lines' })).toEqual(['after']);
});
