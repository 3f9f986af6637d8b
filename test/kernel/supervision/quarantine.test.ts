/**
 * Quarantine: a message that fails is retried first after the restart; after
 * `maxMessageAttempts` failures it becomes a dead letter with reason `quarantined` (an
 * ask of it rejects with `MessageQuarantinedError`), and the actor goes on with the
 * messages behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type ActorSystem, MessageQuarantinedError } from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { Flaky } from '../../fixtures/flaky.js';
import { startSystem, until } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

describe('poison message quarantine', () => {
  it('dead-letters a message after maxMessageAttempts failures, then handles the next messages', async () => {
    // A high intensity, so the root keeps restarting the counter through every attempt.
    const started = startSystem({ supervision: { maxMessageAttempts: 3, intensity: 10 } });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter', args: { start: 100 } });
    const poison = { type: 'fail', why: 'poison' } as const;

    counter.tell(poison);
    counter.tell({ type: 'add', by: 5 });

    // The add waited behind the poison message, and ran on the state of a fresh init.
    expect(await counter.ask({ type: 'get' })).toBe(105);
    expect(started.events.of('actor-failed', counter.id)).toHaveLength(3);
    expect(started.events.of('actor-restarted', counter.id)).toHaveLength(3);
    const deadLetters = started.events.of('dead-letter', counter.id);
    expect(deadLetters).toMatchObject([
      { reason: 'quarantined', message: poison, error: { code: 'message_quarantined' } },
    ]);
    expect(deadLetters[0]?.error?.message).toContain('poison');
  });

  it('reports each failed attempt at the message with its attempt number', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 3, intensity: 10 } });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter' });

    counter.tell({ type: 'fail', why: 'poison' });

    await until(() => started.events.of('dead-letter', counter.id).length === 1);
    await until(() => started.events.of('actor-failed', counter.id).length === 3);
    expect(started.events.of('actor-failed', counter.id).map((event) => event.attempt)).toEqual([1, 2, 3]);
  });

  it('rejects an ask of the poison message with MessageQuarantinedError', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 2, intensity: 10 } });
    system = started.system;
    const counter = await system.spawn(Counter, { id: 'counter', args: { start: 1 } });

    const error = await counter.ask({ type: 'fail', why: 'poison' }, { timeoutMs: 2_000 }).then(
      () => null,
      (rejection: unknown) => rejection,
    );

    expect(error).toBeInstanceOf(MessageQuarantinedError);
    expect(error).toMatchObject({ code: 'message_quarantined', attempts: 2 });
    expect((error as Error).message).toContain('poison');
    expect(started.events.of('actor-failed', counter.id)).toHaveLength(2);
    // The ask was answered once, by the quarantine: the counter carries on.
    expect(await counter.ask({ type: 'get' })).toBe(1);
    expect(started.events.of('dead-letter', counter.id)).toMatchObject([{ reason: 'quarantined' }]);
  });

  it('retries the failed message first after the restart, and keeps it when a retry succeeds', async () => {
    const started = startSystem({ supervision: { maxMessageAttempts: 3, intensity: 10 } });
    system = started.system;
    const flaky = await system.spawn(Flaky, { id: 'flaky' });

    const attempt = flaky.ask({ type: 'attempt', key: 'blip', failures: 2 }, { timeoutMs: 2_000 });
    flaky.tell({ type: 'note', key: 'after' });

    // Third time lucky: the ask is answered by the attempt that succeeded, and the
    // message sent after it is handled after it.
    expect(await attempt).toBe(3);
    expect(await flaky.ask({ type: 'handled' })).toEqual(['blip', 'after']);
    expect(started.events.of('actor-restarted', flaky.id)).toHaveLength(2);
    expect(started.events.of('dead-letter')).toEqual([]);
  });
});
