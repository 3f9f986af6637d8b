/**
 * `JamHandler`: a jam is charged to the message whose turn it was — a stored message (by its
 * inbox seq) gets its attempts raised by the thread's next worker, and only it; a message not
 * in the store gets the event only. Charges are handed over once, to the replacement's task,
 * so nothing accumulates on the main thread; the worker is ended in every case.
 */
import { beforeEach, expect, it } from 'vitest';
import type { SystemEvent } from '../../../src/kernel/index.js';
import { EventBus } from '../../../src/kernel/main/event-bus.js';
import { JamHandler } from '../../../src/kernel/main/jam-handler.js';
import type { JamReport } from '../../../src/kernel/main/watchdog.js';

let events: SystemEvent[];
let terminated: { thread: number; threadId: number; reason: string; actorId: string | null }[];
let jams: JamHandler;

beforeEach(() => {
  const bus = new EventBus();
  events = [];
  bus.subscribe((event) => events.push(event));
  terminated = [];
  jams = new JamHandler(bus, {
    terminateWorker: (thread, threadId, jam) => terminated.push({ thread, threadId, ...jam }),
  });
});

function report(overrides: Partial<JamReport>): JamReport {
  return {
    thread: 0,
    kind: 'turn',
    actorId: 'ledger',
    inboxSeq: 0,
    attempts: 0,
    stuckMs: 2_000,
    threadId: 11,
    heapPermille: 120,
    ...overrides,
  };
}

it('charges a stored message one more attempt, for the next worker of its thread only', () => {
  jams.onJam(report({ thread: 1, inboxSeq: 1_234_000, attempts: 1 }));

  expect(jams.pending).toBe(1);
  expect(jams.takeCharges(0)).toEqual([]);
  expect(jams.takeCharges(1)).toEqual([{ seq: 1_234_000, attempts: 2 }]);
  // Handed over once: the main thread keeps nothing.
  expect(jams.takeCharges(1)).toEqual([]);
  expect(jams.pending).toBe(0);
});

it('reports the jam and the failed attempt, and ends the worker', () => {
  jams.onJam(report({ inboxSeq: 99, attempts: 2, stuckMs: 2_500 }));

  expect(events).toMatchObject([
    { type: 'thread-jammed', thread: 0, actorId: 'ledger', reason: 'a turn made no progress for 2500 ms' },
    { type: 'actor-failed', id: 'ledger', attempt: 3, error: { code: 'thread_jammed' } },
  ]);
  expect(terminated).toEqual([
    { thread: 0, threadId: 11, reason: 'a turn made no progress for 2500 ms', actorId: 'ledger' },
  ]);
});

it('charges nothing for a message that is not in the store (it dies with its thread)', () => {
  jams.onJam(report({ inboxSeq: 0 }));

  expect(jams.pending).toBe(0);
  expect(events.map((event) => event.type)).toEqual(['thread-jammed', 'actor-failed']);
});

it('charges nobody for an event loop that stopped outside a turn', () => {
  jams.onJam(report({ kind: 'loop', actorId: null, inboxSeq: 0 }));

  expect(jams.pending).toBe(0);
  expect(events).toMatchObject([{ type: 'thread-jammed', actorId: null, reason: /event loop/ }]);
  expect(terminated).toHaveLength(1);
});

it('writes the attempts to the stored message too, so they count after a restart', () => {
  const noted: [string, number, number][] = [];
  const bus = new EventBus();
  const stored = new JamHandler(
    bus,
    { terminateWorker: () => {} },
    {
      noteAttempts: async (id, seq, attempts) => {
        noted.push([id, seq, attempts]);
      },
    },
  );

  stored.onJam(report({ inboxSeq: 77, attempts: 1 }));
  stored.onJam(report({ inboxSeq: 0 }));
  stored.onJam(report({ kind: 'loop', actorId: null, inboxSeq: 0 }));

  expect(noted).toEqual([['ledger', 77, 2]]);
});

it('says a stalled loop most likely ran out of memory when its heap was nearly full', () => {
  jams.onJam(report({ kind: 'loop', actorId: null, stuckMs: 2_040, heapPermille: 967 }));
  expect(terminated[0]?.reason).toBe(
    'its event loop made no progress for 2040 ms — its heap was 97% full when last seen, so most likely out of memory (workerResourceLimits, maxActiveActors)',
  );
  jams.onJam(report({ kind: 'loop', actorId: null, stuckMs: 2_040, heapPermille: 500 }));
  expect(terminated[1]?.reason).toBe('its event loop made no progress for 2040 ms');
});
