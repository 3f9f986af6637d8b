/**
 * Scenario domain: the coordination domain at scale, through its facades (what every MCP
 * tool calls), on a durable store in commit mode —
 *
 * - register `AGENTS` agents (an actor and a few table entries each), 256 in flight;
 * - `MESSAGES` messages from 16 senders to ONE inbox, 256 in flight (the inbox is an
 *   append-only log in a table, so the last message costs what the first did);
 * - `SESSIONS` sessions, each with one 1 KiB value under one key.
 *
 * For each run: operations per second against raw lmdb-js puts of the same number of
 * records of the same size measured in the same process (the limit of the store), the cost
 * of the last 10 % of operations against the first 10 % (flat: 1.0; target ≤ 1.5), the store's
 * size on disk against the bytes of live data written (target ≤ 3), and a health probe's p50
 * during the run — the data `health` reads: `system.stats()`, `system.suspended()` and the
 * recent incidents (target ≤ 20 ms). `TROUPE_BENCH_DOMAIN_SCALE` (default 1) scales the counts.
 */
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coordination, createActorSystem, startCoordination } from '../../src/index.js';
import { openRawLmdbPuts } from '../baselines/raw-lmdb.js';
import { summarizeLatency } from '../harness/latency.js';
import { type BenchResult, createResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

const { agentCaller, ANONYMOUS, createSession, registerAgent, sendMessage, setSessionState } = coordination;

const SCALE = Number(process.env.TROUPE_BENCH_DOMAIN_SCALE ?? 1);
const AGENTS = Math.round(100_000 * SCALE);
const MESSAGES = Math.round(100_000 * SCALE);
const SESSIONS = Math.round(10_000 * SCALE);
const IN_FLIGHT = 256;
const SENDERS = 16;
const VALUE = 'x'.repeat(1024);
const HEALTH_EVERY_MS = 100;

type System = ReturnType<typeof createActorSystem>;

interface Run {
  readonly name: string;
  readonly count: number;
  /** Bytes of live data one operation writes (its record, as JSON). */
  readonly liveBytes: number;
  readonly op: (i: number) => Promise<{ readonly ok: boolean }>;
}

interface RunFigures {
  readonly perSecond: number;
  /** ms of the last 10 % of operations / ms of the first 10 %. */
  readonly lastVsFirst: number;
  readonly healthP50Ms: number;
  readonly sizeRatio: number;
  readonly failed: number;
}

/** Run `count` operations, `IN_FLIGHT` at a time, timing each tenth; a health probe runs alongside. */
async function measure(system: System, dataDir: string, run: Run, liveBefore: number): Promise<RunFigures> {
  const tenth = Math.max(1, Math.floor(run.count / 10));
  const tenths: number[] = [];
  const health: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const began = performance.now();
      await system.stats();
      system.suspended();
      system.recentIncidents();
      health.push(performance.now() - began);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
  })();
  let failed = 0;
  const started = performance.now();
  for (let start = 0; start < run.count; start += tenth) {
    const end = Math.min(run.count, start + tenth);
    const began = performance.now();
    let next = start;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < end) {
          const i = next++;
          if (!(await run.op(i)).ok) failed++;
        }
      }),
    );
    tenths.push(performance.now() - began);
  }
  const elapsed = performance.now() - started;
  probing = false;
  await probe;
  const first = tenths[0] ?? 1;
  const last = tenths.at(-1) ?? 1;
  const live = liveBefore + run.count * run.liveBytes;
  return {
    perSecond: (run.count / elapsed) * 1000,
    lastVsFirst: last / first,
    healthP50Ms: summarizeLatency(health).p50,
    sizeRatio: statSync(join(dataDir, 'data.mdb')).size / live,
    failed,
  };
}

async function rawPutsPerSecond(count: number, bytes: number): Promise<number> {
  const raw = await openRawLmdbPuts({
    durability: 'commit',
    puts: count,
    latencySamples: 0,
    value: { data: 'x'.repeat(bytes) },
  });
  try {
    return (await raw.measureRound()).puts.perSecond;
  } finally {
    await raw.close();
  }
}

export const domain: Scenario = {
  name: 'domain',
  description: `coordination at scale: ${AGENTS} agents, ${MESSAGES} messages to one inbox, ${SESSIONS} sessions (1 KiB) vs raw lmdb puts`,
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), 'troupe-bench-domain-'));
    const system = createActorSystem({ threads: 2, dataDir, durability: 'commit' });
    const results: BenchResult[] = [];
    try {
      const { domain } = await startCoordination(system, { limits: { inboxMessages: MESSAGES + 1 } });
      const registration = (id: string) => ({
        id,
        name: id,
        role: 'worker',
        modelType: 'llm',
        modelVersion: '1',
        capabilities: ['ts'],
      });
      const agentBytes = JSON.stringify({ ...registration('agent-000000'), status: 'available' }).length;
      const runs: Run[] = [
        {
          name: 'register agents',
          count: AGENTS,
          liveBytes: agentBytes,
          op: (i) => registerAgent(domain, ANONYMOUS, registration(`agent-${i}`)),
        },
        {
          name: 'messages to one inbox',
          count: MESSAGES,
          liveBytes: 200,
          op: (i) =>
            sendMessage(domain, agentCaller(`agent-${i % SENDERS}`), {
              recipientId: `agent-${SENDERS}`,
              content: `message ${i}`,
            }),
        },
        {
          name: 'sessions with a 1 KiB value',
          count: SESSIONS,
          liveBytes: 1024 + 300,
          op: async (i) => {
            const owner = agentCaller(`agent-${i % 100}`);
            const created = await createSession(system, owner, {
              sessionId: `session-${i}`,
              title: `s${i}`,
              description: '',
              participantIds: [],
            });
            if (!created.ok) return created;
            return setSessionState(system, owner, { sessionId: `session-${i}`, key: 'plan', value: VALUE });
          },
        },
      ];
      let live = 0;
      for (const run of runs) {
        const figures = await measure(system, dataDir, run, live);
        live += run.count * run.liveBytes;
        const raw = await rawPutsPerSecond(run.count, run.liveBytes);
        const note = `${run.count} operations, ${IN_FLIGHT} in flight, commit mode, 2 threads; ${figures.failed} refused`;
        const base = { scenario: 'domain', note } as const;
        results.push(
          createResult(
            {
              ...base,
              metric: `${run.name}: ops/s`,
              unit: 'ops/s',
              better: 'higher',
              baseline: { name: 'raw lmdb puts of the same size', value: raw },
            },
            figures.perSecond,
          ),
          createResult(
            {
              ...base,
              metric: `${run.name}: last 10% / first 10% (target ≤ 1.5)`,
              unit: '×',
              better: 'lower',
              baseline: { name: 'flat cost', value: 1 },
            },
            figures.lastVsFirst,
          ),
          createResult(
            {
              ...base,
              metric: `${run.name}: store size / live data (target ≤ 3)`,
              unit: '×',
              better: 'lower',
              baseline: { name: 'live data', value: 1 },
            },
            figures.sizeRatio,
          ),
          createResult(
            {
              ...base,
              metric: `${run.name}: health probe p50 (target ≤ 20 ms)`,
              unit: 'ms',
              better: 'lower',
              baseline: { name: 'target', value: 20 },
            },
            figures.healthP50Ms,
          ),
        );
      }
    } finally {
      await system.shutdown();
      await rm(dataDir, { recursive: true, force: true });
    }
    return results;
  },
};
