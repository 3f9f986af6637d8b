/**
 * Ask: always bounded by a timeout, a late reply is dropped and counted, an AbortSignal
 * cancels, a self-ask fails at once with DeadlockError, and a handled ask that is not
 * answered fails with NoReplyError.
 */
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  AskAbortedError,
  AskTimeoutError,
  createActorSystem,
  NoReplyError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Gate } from '../../fixtures/gate.js';
import { SelfAsker } from '../../fixtures/probes.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem;
afterEach(async () => {
  await system?.shutdown();
});

it('times out with the default timeout of the system', async () => {
  system = createActorSystem({ threads: 2, askTimeoutMs: 150 });
  const gate = await system.spawn(Gate, {});
  const started = Date.now();
  const error = await gate.ask({ type: 'slow-echo', ms: 1_000, value: 'x' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AskTimeoutError);
  expect((error as AskTimeoutError).timeoutMs).toBe(150);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

it('drops and counts a reply that arrives after the timeout', async () => {
  system = createActorSystem({ threads: 2 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const gate = await system.spawn(Gate, {});
  await expect(
    gate.ask({ type: 'slow-echo', ms: 200, value: 'late' }, { timeoutMs: 50 }),
  ).rejects.toBeInstanceOf(AskTimeoutError);
  await until(async () => (await system.stats()).main.lateReplies === 1);
  // The actor is fine and answers the next ask in time.
  expect(await gate.ask({ type: 'slow-echo', ms: 1, value: 'on time' })).toBe('on time');
  expect((await system.stats()).main.lateReplies).toBe(1);
});

it('is cancelled by an AbortSignal, before or while waiting', async () => {
  system = createActorSystem({ threads: 2 });
  const gate = await system.spawn(Gate, {});
  const controller = new AbortController();
  const pending = gate.ask({ type: 'slow-echo', ms: 300, value: 'x' }, { signal: controller.signal });
  setTimeout(() => controller.abort(new Error('user gave up')), 20);
  await expect(pending).rejects.toBeInstanceOf(AskAbortedError);
  await expect(gate.ask({ type: 'notes' }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
    AskAbortedError,
  );
  await until(async () => (await system.stats()).main.lateReplies === 1);
});

it('fails a self-ask at once with DeadlockError naming the actor', async () => {
  system = createActorSystem({ threads: 2 });
  const asker = await system.spawn(SelfAsker, { id: 'narcissus' });
  const started = Date.now();
  const outcome = await asker.ask<string>({ type: 'ask-myself' });
  expect(outcome).toBe('DeadlockError: deadlock: narcissus -> narcissus');
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('fails with NoReplyError when the turn neither replies nor defers', async () => {
  system = createActorSystem({ threads: 2 });
  const gate = await system.spawn(Gate, {});
  await expect(gate.ask({ type: 'ignore' })).rejects.toBeInstanceOf(NoReplyError);
});
