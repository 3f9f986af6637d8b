/**
 * Troupe half of ask-cross: sequential asks across threads (2 threads), µs per round trip.
 * - actor → actor: an Asker on thread 0 awaits `ctx.ask` to an Echo on thread 1, timing
 *   each ask in its worker;
 * - main → actor: the main thread awaits `ref.ask` to the same Echo, timed on main.
 */
import { Asker } from '../actors/asker.js';
import { Echo } from '../actors/echo.js';
import { microsSince, summarizeLatency, type LatencySummary } from '../harness/latency.js';
import { assertOnThread, idOnThread, withActorSystem } from './troupe-system.js';

export interface TroupeAskCrossOptions {
  readonly warmup: number;
  readonly rounds: number;
}

export const DEFAULT_TROUPE_ASK_CROSS: TroupeAskCrossOptions = { warmup: 1_000, rounds: 10_000 };

export interface TroupeAskCrossResult {
  readonly actorToActor: LatencySummary;
  readonly mainToActor: LatencySummary;
}

const THREADS = 2;

export function measureTroupeAskCross(options = DEFAULT_TROUPE_ASK_CROSS): Promise<TroupeAskCrossResult> {
  return withActorSystem({ threads: THREADS }, async (system) => {
    const echo = await system.spawn(Echo, { id: idOnThread('echo', 1, THREADS) });
    const asker = await system.spawn(Asker, { id: idOnThread('asker', 0, THREADS) });
    assertOnThread(echo, 1);
    assertOnThread(asker, 0);
    const samples = await asker.ask<number[]>(
      { type: 'measure', target: echo, warmup: options.warmup, rounds: options.rounds },
      { timeoutMs: 60_000 },
    );
    const mainSamples: number[] = [];
    for (let seq = 0; seq < options.warmup + options.rounds; seq++) {
      const start = process.hrtime.bigint();
      const answer = await echo.ask<number>({ type: 'ping', seq }, { timeoutMs: 5_000 });
      if (answer !== seq) throw new Error(`Echo answered ${answer} to ping ${seq}`);
      if (seq >= options.warmup) mainSamples.push(microsSince(start));
    }
    return { actorToActor: summarizeLatency(samples), mainToActor: summarizeLatency(mainSamples) };
  });
}
