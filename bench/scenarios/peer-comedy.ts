/**
 * Scenario peer-comedy: troupe against comedy (`baselines/comedy.ts`) in the same run, on what
 * both do: in-thread tells to 10k actors, cross-thread tells, ask round trip across threads,
 * and spawn. The ratio printed is troupe / comedy; the target (issue 16) is troupe ≥ 10× comedy
 * on each — for the ask latency, ≤ 1/10 of comedy's — expressed as a bound on our figure.
 * Also draws the ask latency distributions of both (a curve).
 *
 * Pairs: tell-local ↔ comedy in-memory actors on the main thread; tell-cross (actor → actor,
 * 2 threads) ↔ comedy main → `threaded` actor; main → actor ask ↔ comedy `sendAndReceive` to a
 * threaded actor; ctx.spawn in a worker ↔ comedy `createChild` (in-memory).
 */
import {
  comedyVersion,
  openComedyAsk,
  openComedySpawn,
  openComedyTellCross,
  openComedyTellLocal,
} from '../baselines/comedy.js';
import { createLatencyCurve } from '../harness/curve.js';
import { runInterleaved } from '../harness/interleave.js';
import { summarizeLatency } from '../harness/latency.js';
import { medianThroughput } from '../harness/measure.js';
import type { BenchResult, Better } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { resultFromHalf, type TroupeHalf } from '../harness/troupe-half.js';

const ROUNDS = { warmupRounds: 1, rounds: 3, roundTimeoutMs: 60_000 };
const TELL = { actors: 10_000, durationMs: 500, chunk: 1_000 };
const ASK = { warmup: 100, rounds: 1_000 };
const SPAWN = { comedy: 20_000, troupe: 50_000 };
const CROSS_SENDS = 20_000;
const FACTOR = 10;

/** Our bound for "≥ 10× comedy": 10× its throughput, or a tenth of its latency. */
const targetFor = (comedy: number, better: Better) =>
  Number((better === 'higher' ? comedy * FACTOR : comedy / FACTOR).toPrecision(3));

function result<T>(
  metric: string,
  unit: string,
  better: Better,
  comedy: { name: string; value: number },
  ours: TroupeHalf<T>,
  pick: (value: T) => number,
  how: string,
): BenchResult {
  return resultFromHalf(
    {
      scenario: 'peer-comedy',
      metric,
      unit,
      better,
      baseline: comedy,
      target: targetFor(comedy.value, better),
      note: `${how}; target: troupe ${better === 'higher' ? '>=' : '<='} ${better === 'higher' ? `${FACTOR}x` : `1/${FACTOR} of`} comedy`,
    },
    ours,
    pick,
  );
}

export const peerComedy: Scenario = {
  name: 'peer-comedy',
  description: 'troupe vs comedy: tells in-thread and cross-thread, ask round trip, spawn',
  plannedRounds: 16,
  timeLimitMs: 240_000,
  async run() {
    const version = comedyVersion();
    const median = `median of 3 alternating rounds after 1 warm-up; comedy ${version}`;
    const tellLocal = await runInterleaved({
      baseline: () => openComedyTellLocal(TELL),
      ours: {
        label: 'troupe tell-local (peer-comedy)',
        load: () => import('./troupe-tell-local.js'),
        open: (half) => half.openTroupeTellLocal(TELL),
      },
      ...ROUNDS,
    });
    const tellCross = await runInterleaved({
      baseline: () => openComedyTellCross({ count: CROSS_SENDS }),
      ours: {
        label: 'troupe tell-cross (peer-comedy)',
        load: () => import('./troupe-tell-cross.js'),
        open: (half) => half.openTroupeTellCross(),
      },
      ...ROUNDS,
    });
    const ask = await runInterleaved({
      baseline: () => openComedyAsk(ASK),
      ours: {
        label: 'troupe ask main→actor (peer-comedy)',
        load: () => import('./troupe-ask-cross.js'),
        open: (half) => half.openTroupeAskCross({ warmupMs: 300, ...ASK }),
      },
      ...ROUNDS,
    });
    const spawn = await runInterleaved({
      baseline: () => openComedySpawn({ total: SPAWN.comedy, chunk: 1_000 }),
      ours: {
        label: 'troupe spawn (peer-comedy)',
        load: () => import('./troupe-spawn.js'),
        open: (half) => half.openTroupeSpawn({ total: SPAWN.troupe, chunk: 10_000, deadlineMs: 8_000 }),
      },
      ...ROUNDS,
    });
    const comedyAsk = ask.baseline.flat();
    const results = [
      result(
        'tell throughput, 10k actors in one thread',
        'msg/s',
        'higher',
        { name: `comedy in-memory actors, send()`, value: medianThroughput(tellLocal.baseline).perSecond },
        tellLocal.ours,
        (rounds) => medianThroughput(rounds).perSecond,
        `${median}; ${TELL.chunk} tells per step for ${TELL.durationMs} ms, both timed until every actor reported its count`,
      ),
      result(
        'cross-thread tells, 1 direction',
        'msg/s',
        'higher',
        { name: 'comedy main → threaded actor', value: medianThroughput(tellCross.baseline).perSecond },
        tellCross.ours,
        (rounds) => medianThroughput(rounds.map((round) => round.oneDirection)).perSecond,
        `${median}; troupe actor→actor across 2 worker threads, comedy ${CROSS_SENDS / 1000} k sends parent → threaded child; both until all handled`,
      ),
      result(
        'ask round trip main→actor p50',
        'µs',
        'lower',
        { name: 'comedy sendAndReceive → threaded actor', value: summarizeLatency(comedyAsk).p50 },
        ask.ours,
        (rounds) => summarizeLatency(rounds.flatMap((round) => round.mainToActor)).p50,
        `${median}; ${ASK.rounds} sequential asks per round after ${ASK.warmup} unrecorded, pooled`,
      ),
      result(
        'spawn rate',
        'actors/s',
        'higher',
        { name: 'comedy createChild (in-memory)', value: medianThroughput(spawn.baseline).perSecond },
        spawn.ours,
        (rounds) => medianThroughput(rounds.map((round) => round.creation)).perSecond,
        `${median}; troupe ${SPAWN.troupe / 1000} k ctx.spawn in a worker (rounds add up), comedy ${SPAWN.comedy / 1000} k createChild, 1 k at a time, into a fresh system`,
      ),
    ];
    const curve = createLatencyCurve(
      {
        scenario: 'peer-comedy',
        id: 'peer-comedy/ask-latency',
        title: 'Ask round trip main → actor on another thread: troupe vs comedy',
        measures: `µs per sequential ask from the main thread to an actor on a worker thread (troupe ask; comedy ${version} sendAndReceive to a threaded actor), ${ASK.rounds} per round over 3 rounds, pooled.`,
      },
      [
        {
          name: 'troupe',
          role: 'ours',
          samples: ask.ours.status === 'measured' ? ask.ours.value.flatMap((round) => round.mainToActor) : [],
        },
        { name: `comedy ${version}`, role: 'peer', samples: comedyAsk },
      ],
    );
    return { results, curves: [curve] };
  },
};
