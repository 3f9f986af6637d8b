/**
 * Troupe half of ask-cross: sequential asks across threads (2 threads), µs per round trip.
 * - actor → actor: an Asker on thread 0 awaits `ctx.ask` to an Echo on thread 1, timing
 *   each ask in its worker;
 * - main → actor: the main thread awaits `ref.ask` to the same Echo, timed on main.
 */
import type { ActorRef } from '../../src/kernel/index.js';
import { Asker } from '../actors/asker.js';
import { Echo, type EchoMsg } from '../actors/echo.js';
import { microsSince } from '../harness/latency.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';
import { assertOnThread, idOnThread, openSystemSession } from './troupe-system.js';

export interface TroupeAskCrossOptions {
  /** Unrecorded asks for this long when the session opens (a fresh system is cold). */
  readonly warmupMs: number;
  /** Unrecorded asks at the start of every round. */
  readonly warmup: number;
  readonly rounds: number;
}

export const DEFAULT_TROUPE_ASK_CROSS: TroupeAskCrossOptions = { warmupMs: 800, warmup: 100, rounds: 3_000 };

/** µs of every recorded round trip, per path. */
export interface AskCrossSamples {
  readonly actorToActor: number[];
  readonly mainToActor: number[];
}

const THREADS = 2;

async function askFromMain(echo: ActorRef<EchoMsg>, warmup: number, rounds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let seq = 0; seq < warmup + rounds; seq++) {
    const start = process.hrtime.bigint();
    const answer = await echo.ask<number>({ type: 'ping', seq }, { timeoutMs: 5_000 });
    if (answer !== seq) throw new Error(`Echo answered ${answer} to ping ${seq}`);
    if (seq >= warmup) samples.push(microsSince(start));
  }
  return samples;
}

export function openTroupeAskCross(
  options = DEFAULT_TROUPE_ASK_CROSS,
): Promise<MeasureSession<AskCrossSamples>> {
  return openSystemSession({ threads: THREADS }, async (system) => {
    const echo = await system.spawn(Echo, { id: idOnThread('echo', 1, THREADS) });
    const asker = await system.spawn(Asker, { id: idOnThread('asker', 0, THREADS) });
    assertOnThread(echo, 1);
    assertOnThread(asker, 0);
    const round = async (warmup: number, rounds: number): Promise<AskCrossSamples> => {
      const actorToActor = await asker.ask<number[]>(
        { type: 'measure', target: echo, warmup, rounds },
        { timeoutMs: 60_000 },
      );
      return { actorToActor, mainToActor: await askFromMain(echo, warmup, rounds) };
    };
    await warmUpFor(options.warmupMs, () => round(0, 500));
    return () => round(options.warmup, options.rounds);
  });
}
