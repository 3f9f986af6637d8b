/**
 * Baselines on comedy (npm `comedy` 2.1.7, a Node actor framework whose actors run in-memory,
 * in worker threads or in forked processes), the second peer after xstate:
 *
 * - `openComedyTellLocal`: N in-memory actors (counters) on the main thread, told round robin
 *   (`send`, `chunk` per step, each step's sends awaited) for `durationMs`; timed until every
 *   actor answered a `get` (all handled), like troupe's driver. Messages per second.
 * - `openComedyTellCross`: `count` sends from the main thread to one `threaded` actor (its own
 *   worker thread), timed until its `get` reports them all. (comedy's cross-thread path is
 *   parent → threaded child; troupe's figure it is compared with is actor → actor.)
 * - `openComedyAsk`: sequential `sendAndReceive` main → threaded actor, µs each.
 * - `openComedySpawn`: `createChild` of N in-memory actors, `chunk` at a time; actors/s.
 *
 * comedy is CommonJS with its own (old) `@types/node`, so it is loaded through `createRequire`
 * and typed here by the little this file uses. Its actor classes are sent to worker threads as
 * source text, so they must not close over anything.
 */
import { createRequire } from 'node:module';
import { microsSince } from '../harness/latency.js';
import { nowMs, type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';

interface ComedyActorRef {
  send(topic: string, ...message: unknown[]): Promise<void>;
  sendAndReceive(topic: string, ...message: unknown[]): Promise<unknown>;
}

interface ComedyRoot {
  createChild(definition: unknown, options: { mode: 'in-memory' | 'threaded' }): Promise<ComedyActorRef>;
}

interface ComedySystem {
  rootActor(): Promise<ComedyRoot>;
  destroy(): Promise<void>;
}

type ComedyFactory = (options: { test: boolean }) => ComedySystem;

/** The comedy factory, or a thrown error saying why it cannot be loaded. */
function loadComedy(): ComedyFactory {
  return createRequire(import.meta.url)('comedy') as ComedyFactory;
}

/** The installed comedy's version (for notes). */
export function comedyVersion(): string {
  const manifest = createRequire(import.meta.url)('comedy/package.json') as { version: string };
  return manifest.version;
}

/** A counter; `get` answers how many `inc`s it has handled. */
class ComedyCounter {
  count = 0;
  inc(): void {
    this.count++;
  }
  get(): number {
    return this.count;
  }
  echo(value: number): number {
    return value;
  }
}

async function openRoot(): Promise<{ system: ComedySystem; root: ComedyRoot }> {
  const system = loadComedy()({ test: true });
  return { system, root: await system.rootActor() };
}

/** Close a session's system; never throws (a session's `close` must not). */
const destroy = (system: ComedySystem) => async () => {
  await system.destroy().catch(() => {});
};

async function countOf(actor: ComedyActorRef): Promise<number> {
  return (await actor.sendAndReceive('get')) as number;
}

export async function openComedyTellLocal(options: {
  actors: number;
  durationMs: number;
  chunk: number;
}): Promise<MeasureSession<Throughput>> {
  const { system, root } = await openRoot();
  const actors: ComedyActorRef[] = [];
  for (let index = 0; index < options.actors; index += 1_000) {
    const batch = Math.min(1_000, options.actors - index);
    actors.push(
      ...(await Promise.all(
        Array.from({ length: batch }, () => root.createChild(ComedyCounter, { mode: 'in-memory' })),
      )),
    );
  }
  let next = 0;
  let expected = 0;
  return {
    measureRound: async () => {
      const start = nowMs();
      let sent = 0;
      while (nowMs() - start < options.durationMs) {
        const sends: Promise<void>[] = [];
        for (let index = 0; index < options.chunk; index++) {
          sends.push((actors[next] as ComedyActorRef).send('inc'));
          next = next + 1 === actors.length ? 0 : next + 1;
        }
        await Promise.all(sends);
        sent += options.chunk;
      }
      const counts = await Promise.all(actors.map(countOf));
      const elapsed = nowMs() - start;
      expected += sent;
      const total = counts.reduce((sum, count) => sum + count, 0);
      if (total !== expected) throw new Error(`comedy counters handled ${total} of ${expected} sends`);
      return toThroughput(sent, elapsed);
    },
    close: destroy(system),
  };
}

export async function openComedyTellCross(options: { count: number }): Promise<MeasureSession<Throughput>> {
  const { system, root } = await openRoot();
  const counter = await root.createChild(ComedyCounter, { mode: 'threaded' });
  let expected = 0;
  return {
    measureRound: async () => {
      const start = nowMs();
      const sends: Promise<void>[] = [];
      for (let index = 0; index < options.count; index++) sends.push(counter.send('inc'));
      expected += options.count;
      await Promise.all(sends);
      while ((await countOf(counter)) < expected) {}
      return toThroughput(options.count, nowMs() - start);
    },
    close: destroy(system),
  };
}

export async function openComedyAsk(options: {
  warmup: number;
  rounds: number;
}): Promise<MeasureSession<number[]>> {
  const { system, root } = await openRoot();
  const echo = await root.createChild(ComedyCounter, { mode: 'threaded' });
  return {
    measureRound: async () => {
      const samples: number[] = [];
      for (let seq = 0; seq < options.warmup + options.rounds; seq++) {
        const start = process.hrtime.bigint();
        const answer = await echo.sendAndReceive('echo', seq);
        if (answer !== seq) throw new Error(`comedy echo answered ${String(answer)} to ${seq}`);
        if (seq >= options.warmup) samples.push(microsSince(start));
      }
      return samples;
    },
    close: destroy(system),
  };
}

/** Each round spawns into a fresh system (destroyed after the round, untimed). */
export async function openComedySpawn(options: {
  total: number;
  chunk: number;
}): Promise<MeasureSession<Throughput>> {
  return {
    measureRound: async () => {
      const { system, root } = await openRoot();
      const start = nowMs();
      for (let spawned = 0; spawned < options.total; spawned += options.chunk) {
        const batch = Math.min(options.chunk, options.total - spawned);
        await Promise.all(
          Array.from({ length: batch }, () => root.createChild(ComedyCounter, { mode: 'in-memory' })),
        );
      }
      const creation = toThroughput(options.total, nowMs() - start);
      await destroy(system)();
      return creation;
    },
    close: async () => {},
  };
}
