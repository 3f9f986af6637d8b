/**
 * A thread's stats are kept as actors come and go and mail arrives (`worker/cells.ts`), not
 * counted over every actor on each call: they must still say what a count over every actor
 * says — the actors in memory, the mail waiting, per kind — after spawns, mail held in busy
 * actors, stops, passivation and reactivation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createManualClock } from '../../../src/kernel/clock.js';
import {
  type ActorInfo,
  type ActorSystem,
  type ActorTreeNode,
  createActorSystem,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Counter } from '../../fixtures/counter.js';
import { Ledger, type LedgerState, Scratch } from '../../fixtures/durable/ledger.js';
import { Gate } from '../../fixtures/gate.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

interface ThreadCount {
  actors: number;
  queueDepth: number;
  kinds: { kind: string; actors: number; backlog: number }[];
}

/** Every actor of the supervision tree, wherever it hangs. */
function everyActor(nodes: readonly ActorTreeNode[]): ActorInfo[] {
  return nodes.flatMap((node) => [node, ...everyActor(node.children)]);
}

/** The brute-force count: per thread, over every actor `inspect()` lists. */
async function countOverEveryActor(sys: ActorSystem): Promise<Map<number, ThreadCount>> {
  const tree = await sys.inspect();
  const counts = new Map<number, ThreadCount>();
  for (const actor of everyActor([...tree.children, ...tree.detached])) {
    const count = counts.get(actor.thread) ?? { actors: 0, queueDepth: 0, kinds: [] };
    counts.set(actor.thread, count);
    count.actors++;
    count.queueDepth += actor.mailboxDepth;
    const name = actor.kind.slice(actor.kind.lastIndexOf('#') + 1);
    let kind = count.kinds.find((k) => k.kind === name);
    if (!kind) {
      kind = { kind: name, actors: 0, backlog: 0 };
      count.kinds.push(kind);
    }
    kind.actors++;
    kind.backlog += actor.mailboxDepth;
  }
  return counts;
}

/** What each thread's stats say, in the same shape. */
async function threadStats(sys: ActorSystem): Promise<Map<number, ThreadCount>> {
  const stats = await sys.stats();
  const counts = new Map<number, ThreadCount>();
  for (const thread of stats.threads) {
    if (thread.actors === 0) continue;
    counts.set(thread.thread, {
      actors: thread.actors,
      queueDepth: thread.queueDepth,
      kinds: [...thread.kinds],
    });
  }
  return counts;
}

function byKind(counts: Map<number, ThreadCount>): Map<number, ThreadCount> {
  for (const count of counts.values()) count.kinds.sort((a, b) => a.kind.localeCompare(b.kind));
  return counts;
}

async function expectStatsToMatchEveryActor(sys: ActorSystem): Promise<void> {
  const stats = byKind(await threadStats(sys));
  const counted = byKind(await countOverEveryActor(sys));
  expect(stats).toEqual(counted);
}

it('reports the actors, queue depth and backlog per kind that a count over every actor gives', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-thread-stats-'));
  // Time moves only when told to: actors leave memory when the test says, not between two looks.
  const clock = createManualClock();
  system = createActorSystem({ threads: 2, dataDir, clock, idleTimeoutMs: 300, askTimeoutMs: 30_000 });
  const sys = system;
  const events: SystemEvent[] = [];
  sys.subscribe((event) => events.push(event));
  const counters = await Promise.all([0, 1, 2, 3].map((i) => sys.spawn(Counter, { id: `counter-${i}` })));
  const gates = await Promise.all([0, 1, 2].map((i) => sys.spawn(Gate, { id: `gate-${i}` })));
  const ledgers = await Promise.all([0, 1, 2, 3].map((i) => sys.spawn(Ledger, { id: `ledger-${i}` })));
  await Promise.all([0, 1].map((i) => sys.spawn(Scratch, { id: `scratch-${i}` })));
  await expectStatsToMatchEveryActor(sys);

  // Mail waiting behind busy actors of two kinds: 5 + 2 notes, 3 adds.
  const [gate0, gate1, gate2] = gates;
  const [counter0, counter1] = counters;
  if (!gate0 || !gate1 || !gate2 || !counter0 || !counter1)
    throw new Error('spawned fewer actors than asked');
  const holds = [
    gate0.ask({ type: 'hold', ms: 20_000 }),
    gate1.ask({ type: 'hold', ms: 20_000 }),
    counter1.ask({ type: 'slow-get', ms: 20_000 }),
  ].map((held) => held.catch(() => undefined));
  for (let n = 0; n < 5; n++) await gate0.tell({ type: 'note', n });
  for (let n = 0; n < 2; n++) await gate1.tell({ type: 'note', n });
  for (let n = 0; n < 3; n++) await counter1.tell({ type: 'add', by: 1 });
  await until(async () => (await sys.stats()).totals.queueDepth === 10);
  await expectStatsToMatchEveryActor(sys);

  // Some stop; the idle durable actors (Ledgers, and Counters: durable too in a system with a
  // store) leave memory, one Ledger comes back for a message.
  await sys.stop(counter0);
  await sys.stop(gate2);
  clock.advance(1_000);
  const idle = [...ledgers, ...counters.slice(2)];
  await until(
    () => idle.every((actor) => events.some((e) => e.type === 'actor-passivated' && e.id === actor.id)),
    10_000,
  );
  await expectStatsToMatchEveryActor(sys);
  const [ledger1] = ledgers.slice(1);
  if (!ledger1) throw new Error('spawned fewer ledgers than asked');
  expect((await ledger1.ask<LedgerState>({ type: 'report' })).total).toBe(0);

  await expectStatsToMatchEveryActor(sys);
  const stats = await sys.stats();
  expect(stats.totals).toMatchObject({ actors: 2 + 1 + 2 + 1, queueDepth: 10 });
  expect(stats.kinds).toEqual([
    { kind: 'Gate', actors: 2, backlog: 7 },
    { kind: 'Counter', actors: 1, backlog: 3 },
    { kind: 'Scratch', actors: 2, backlog: 0 },
    { kind: 'Ledger', actors: 1, backlog: 0 },
  ]);
  await sys.shutdown();
  await Promise.all(holds);
});
