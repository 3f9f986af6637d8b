/**
 * Trace context across threads, as the kernel carries it (opaque strings, no tracing
 * library): with a `TraceHook` installed, a tell or ask from the main thread carries the
 * hook's current `traceparent`, the actor reads it as `ctx.traceparent`, and each turn that
 * handled it is reported to the hook — before the ask's answer, with its actor, kind,
 * thread, times and failure. A traced turn's own tells and asks carry it on, to an actor of
 * its thread or of another. Without a hook, or while the hook names no trace, nothing is
 * carried and nothing reported.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { homeThread } from '../../../src/kernel/actor/placement.js';
import {
  type ActorRef,
  type ActorSystem,
  createActorSystem,
  type TracedTurn,
} from '../../../src/kernel/index.js';
import { TraceReader, type TraceReaderMsg } from '../../fixtures/trace-reader.js';
import { until } from '../../helpers/until.js';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

let system: ActorSystem;
let reader: ActorRef<TraceReaderMsg>;
/** Readers on each thread (`here` on the reader's, `there` on the other). */
let here: ActorRef<TraceReaderMsg>;
let there: ActorRef<TraceReaderMsg>;
let current: string | undefined;
const turns: TracedTurn[] = [];

beforeAll(async () => {
  system = createActorSystem({ threads: 2 });
  reader = await system.spawn(TraceReader, { id: 'reader' });
  const candidates = Array.from({ length: 16 }, (_, n) => `relayed-${n}`);
  const on = (thread: number) => candidates.find((id) => homeThread(id, 2) === thread) ?? 'none';
  here = await system.spawn(TraceReader, { id: on(reader.thread) });
  there = await system.spawn(TraceReader, { id: on(1 - reader.thread) });
});

afterAll(async () => {
  await system?.shutdown();
});

beforeEach(() => {
  system.traceWith(null);
  current = undefined;
  turns.length = 0;
});

const hook = { current: () => current, turnEnded: (turn: TracedTurn) => turns.push(turn) };

it('carries nothing without a hook', async () => {
  expect(await system.ask(reader, { type: 'read' })).toBeNull();
  system.tell(reader, { type: 'remember' });
  expect(await system.ask(reader, { type: 'recall' })).toBeNull();
  expect(turns).toEqual([]);
});

it('carries nothing while the hook names no trace', async () => {
  system.traceWith(hook);
  expect(await system.ask(reader, { type: 'read' })).toBeNull();
  expect(turns).toEqual([]);
});

it("gives an ask's traceparent to the actor and reports its turn before the answer", async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  const before = Date.now();
  expect(await system.ask(reader, { type: 'read' })).toBe(TRACEPARENT);
  const after = Date.now();
  expect(turns).toHaveLength(1);
  const [turn] = turns;
  expect(turn).toMatchObject({
    traceparent: TRACEPARENT,
    actorId: 'reader',
    kind: 'TraceReader',
    thread: reader.thread,
    ask: true,
    failed: null,
  });
  // Wall times by the main thread's `Date.now()` (whole ms): within a millisecond of the ask.
  expect(turn?.startedAt).toBeGreaterThanOrEqual(before - 1);
  expect(turn?.endedAt).toBeGreaterThanOrEqual(turn?.startedAt ?? Number.POSITIVE_INFINITY);
  expect(turn?.endedAt).toBeLessThanOrEqual(after + 1);
});

it('reports an awaiting turn when it ends', async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  expect(await system.ask(reader, { type: 'read-later' })).toBe(TRACEPARENT);
  expect(turns).toHaveLength(1);
  expect((turns[0]?.endedAt ?? 0) - (turns[0]?.startedAt ?? 0)).toBeGreaterThanOrEqual(4);
});

it("gives a tell's traceparent to the actor", async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  await system.tell(reader, { type: 'remember' });
  current = undefined;
  expect(await system.ask(reader, { type: 'recall' })).toBe(TRACEPARENT);
  await until(() => turns.length === 1);
  expect(turns[0]).toMatchObject({ ask: false, actorId: 'reader', failed: null });
});

it('reports each failed attempt with the name of its error', async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  await expect(system.ask(reader, { type: 'fail' })).rejects.toThrow(/told to fail/);
  // The message is retried up to its attempts; each attempt is a turn of its own.
  expect(turns.length).toBeGreaterThanOrEqual(1);
  for (const turn of turns) expect(turn).toMatchObject({ actorId: 'reader', ask: true, failed: 'TypeError' });
});

it("carries a turn's traceparent on to the actors it tells and asks, on its thread and another", async () => {
  system.traceWith(hook);
  for (const target of [here, there]) {
    turns.length = 0;
    current = TRACEPARENT;
    expect(target.thread === reader.thread).toBe(target === here);
    expect(await system.ask(reader, { type: 'relay', to: target })).toBe(TRACEPARENT);
    current = undefined;
    // The tell is an effect of the relay's turn, sent when that turn ends: it may land after the answer.
    await until(async () => (await system.ask(target, { type: 'recall' })) === TRACEPARENT);
    await until(() => turns.length === 3);
    expect(turns.map((turn) => [turn.actorId, turn.thread, turn.ask, turn.traceparent])).toEqual(
      expect.arrayContaining([
        ['reader', reader.thread, true, TRACEPARENT],
        [target.id, target.thread, false, TRACEPARENT],
        [target.id, target.thread, true, TRACEPARENT],
      ]),
    );
  }
  // Untraced, the relay carries nothing on.
  turns.length = 0;
  expect(await system.ask(reader, { type: 'relay', to: there })).toBeNull();
  await until(async () => (await system.ask(there, { type: 'recall' })) === null);
  expect(turns).toEqual([]);
});

it('stops carrying once the hook is removed', async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  system.traceWith(null);
  expect(await system.ask(reader, { type: 'read' })).toBeNull();
  expect(turns).toEqual([]);
});
