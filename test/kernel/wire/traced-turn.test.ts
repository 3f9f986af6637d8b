/**
 * Trace context across threads, as the kernel carries it (opaque strings, no tracing
 * library): with a `TraceHook` installed, a tell or ask from the main thread carries the
 * hook's current `traceparent`, the actor reads it as `ctx.traceparent`, and each turn that
 * handled it is reported to the hook — before the ask's answer, with its actor, kind,
 * thread, times and failure. Without a hook, or while the hook names no trace, nothing is
 * carried and nothing reported.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
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
let current: string | undefined;
const turns: TracedTurn[] = [];

beforeAll(async () => {
  system = createActorSystem({ threads: 2 });
  reader = await system.spawn(TraceReader, { id: 'reader' });
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
  const before = performance.timeOrigin + performance.now();
  expect(await system.ask(reader, { type: 'read' })).toBe(TRACEPARENT);
  const after = performance.timeOrigin + performance.now();
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
  expect(turn?.startedAt).toBeGreaterThanOrEqual(before);
  expect(turn?.endedAt).toBeGreaterThanOrEqual(turn?.startedAt ?? Number.POSITIVE_INFINITY);
  expect(turn?.endedAt).toBeLessThanOrEqual(after);
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

it('stops carrying once the hook is removed', async () => {
  system.traceWith(hook);
  current = TRACEPARENT;
  system.traceWith(null);
  expect(await system.ask(reader, { type: 'read' })).toBeNull();
  expect(turns).toEqual([]);
});
