/**
 * Scenario domain (issue 10's acceptance): the coordination domain at scale, through its
 * facades (what every MCP tool calls), on a durable store in commit mode, 2 threads —
 *
 * - register `AGENTS` agents (an actor and a few table entries each), 256 in flight;
 * - `MESSAGES` messages from 16 senders to ONE inbox, 256 in flight (the inbox is an
 *   append-only log in a table, so the last message costs what the first did);
 * - `SESSIONS` sessions, each with one 1 KiB value under one key.
 *
 * Each run starts with an untimed warm-up of 2 % (`domain-run.ts`). Its figures, each checked
 * against the issue's target (PASS/FAIL in the table; a miss is not an exit failure):
 *
 * - ops/s against raw lmdb-js puts of as many records of the same size in the same process
 *   (the store's limit; no target — the machine is shared, read the ratio);
 * - last 10 % / first 10 % of the run in wall time (target ≤ 1.5), and in CPU time (all
 *   threads; less disturbed by other processes, no target);
 * - store size / live data after the run (target ≤ 3). Live data is Σ (key + value bytes) of
 *   the live records as the domain shows them, in UTF-8 JSON: an agent's record (+ its token's
 *   SHA-256, 32 bytes), a message, a session's record, a session value. Store size is the
 *   size of `data.mdb`. Both are cumulative: the store holds every run so far. Two more rows
 *   split the ratio: keys + values as stored / live data (our encoding and indexes), and file
 *   / keys + values as stored (LMDB's pages); the note says which databases and tables weigh,
 *   and one more row gives the run's own share: the file's growth in the run / the live data
 *   the run added (no target: the issue's bound is on the whole store);
 * - the health probe's p50 during the run (target ≤ 20 ms), with its p50 once idle.
 *
 * `TROUPE_BENCH_DOMAIN_SCALE` (default 1) scales the counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorSystem, coordination, createActorSystem, startCoordination } from '../../src/index.js';
import { openRawLmdbPuts } from '../baselines/raw-lmdb.js';
import { type BenchResult, createResult, type ResultFields } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';
import { describeStoreSize, measureStoreSize, type StoreSize } from '../harness/store-size.js';
import {
  type DomainRun,
  describeLoad,
  lastVsFirst,
  measureDomainRun,
  type RunFigures,
} from './domain-run.js';

const { agentCaller, ANONYMOUS, createSession, registerAgent, sendMessage, setSessionState } = coordination;

const SCALE = Number(process.env.TROUPE_BENCH_DOMAIN_SCALE ?? 1);
const AGENTS = Math.round(100_000 * SCALE);
const MESSAGES = Math.round(100_000 * SCALE);
const SESSIONS = Math.round(10_000 * SCALE);
const WARM_UP = 0.02;
const IN_FLIGHT = 256;
const SENDERS = 16;
const VALUE = 'x'.repeat(1024);
/** SHA-256 of an agent's token, which the store must keep. */
const TOKEN_HASH_BYTES = 32;

const TARGET_FLAT = 1.5;
const TARGET_SIZE = 3;
const TARGET_HEALTH_MS = 20;

const warmUpOf = (count: number) => Math.max(1, Math.round(count * WARM_UP));

/** Bytes of a live record: its key and its value as JSON, in UTF-8. */
const liveBytesOf = (key: string, value: unknown) =>
  Buffer.byteLength(key) + Buffer.byteLength(JSON.stringify(value));

type Domain = Awaited<ReturnType<typeof startCoordination>>['domain'];

function domainRuns(system: ActorSystem, domain: Domain): DomainRun[] {
  const registration = (id: string) => ({
    id,
    name: id,
    role: 'worker',
    modelType: 'llm',
    modelVersion: '1',
    capabilities: ['ts'],
  });
  const agentsWarmUp = warmUpOf(AGENTS);
  return [
    {
      name: 'register agents',
      count: AGENTS,
      warmUp: agentsWarmUp,
      inFlight: IN_FLIGHT,
      op: async (i) => {
        const id = `agent-${i}`;
        const outcome = await registerAgent(domain, ANONYMOUS, registration(id));
        if (!outcome.ok) return { ok: false, liveBytes: 0 };
        return { ok: true, liveBytes: liveBytesOf(id, outcome.value.agent) + TOKEN_HASH_BYTES };
      },
    },
    {
      name: 'messages to one inbox',
      count: MESSAGES,
      warmUp: warmUpOf(MESSAGES),
      inFlight: IN_FLIGHT,
      op: async (i) => {
        const outcome = await sendMessage(domain, agentCaller(`agent-${i % SENDERS}`), {
          recipientId: `agent-${SENDERS}`,
          content: `message ${i}`,
        });
        if (!outcome.ok) return { ok: false, liveBytes: 0 };
        return { ok: true, liveBytes: liveBytesOf(outcome.value.id, outcome.value) };
      },
    },
    {
      name: 'sessions with a 1 KiB value',
      count: SESSIONS,
      warmUp: warmUpOf(SESSIONS),
      inFlight: IN_FLIGHT,
      op: async (i) => {
        const owner = agentCaller(`agent-${i % Math.min(100, agentsWarmUp + AGENTS)}`);
        const sessionId = `session-${i}`;
        const created = await createSession(system, owner, {
          sessionId,
          title: `s${i}`,
          description: '',
          participantIds: [],
        });
        if (!created.ok) return { ok: false, liveBytes: 0 };
        const written = await setSessionState(system, owner, { sessionId, key: 'plan', value: VALUE });
        const session = liveBytesOf(sessionId, created.value);
        if (!written.ok) return { ok: false, liveBytes: session };
        return { ok: true, liveBytes: session + liveBytesOf(`${sessionId}/plan`, written.value) };
      },
    },
  ];
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

const round = (values: readonly number[]) => values.map((value) => Math.round(value)).join(' ');

/** The rows of one run. `live`: the live bytes so far and of this run; `store`: the store after the run; `grownBytes`: its file growth in the run. */
function runResults(
  run: DomainRun,
  figures: RunFigures,
  live: { readonly total: number; readonly run: number },
  store: StoreSize,
  grownBytes: number,
  raw: number,
): BenchResult[] {
  const setting = `${run.count} operations after ${run.warmUp} untimed, ${run.inFlight} in flight, commit mode, 2 threads; ${figures.refused} refused; ${describeLoad(figures)}`;
  // The run's setting goes with its first row; the others say only what is theirs.
  const row = (fields: Omit<ResultFields, 'scenario'> & { readonly detail?: string }, value: number) =>
    createResult({ ...fields, scenario: 'domain', ...(fields.detail ? { note: fields.detail } : {}) }, value);
  const ratio = { unit: '×', better: 'lower' } as const;
  return [
    row(
      {
        metric: `${run.name}: ops/s`,
        unit: 'ops/s',
        better: 'higher',
        baseline: { name: 'raw lmdb puts of the same size', value: raw },
        detail: setting,
      },
      figures.perSecond,
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: last 10% / first 10% (wall)`,
        baseline: { name: 'flat cost', value: 1 },
        target: TARGET_FLAT,
        detail: `ms per tenth: ${round(figures.tenthsMs)}`,
      },
      lastVsFirst(figures.tenthsMs),
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: last 10% / first 10% (CPU, all threads)`,
        baseline: { name: 'flat cost', value: 1 },
        detail: `CPU ms per tenth: ${round(figures.tenthsCpuMs)}`,
      },
      lastVsFirst(figures.tenthsCpuMs),
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: store size / live data`,
        baseline: { name: 'live data', value: 1 },
        target: TARGET_SIZE,
        detail: `live data ${(live.total / 1e6).toFixed(1)} MB; ${describeStoreSize(store)}`,
      },
      store.fileBytes / live.total,
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: file growth in the run / live data it added`,
        baseline: { name: 'live data', value: 1 },
        detail: `the file grew ${(grownBytes / 1e6).toFixed(1)} MB for ${(live.run / 1e6).toFixed(1)} MB of live data`,
      },
      grownBytes / live.run,
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: keys + values as stored / live data`,
        baseline: { name: 'live data', value: 1 },
      },
      store.keyValueBytes / live.total,
    ),
    row(
      {
        ...ratio,
        metric: `${run.name}: file / keys + values as stored`,
        baseline: { name: 'keys + values', value: 1 },
      },
      store.fileBytes / store.keyValueBytes,
    ),
    row(
      {
        metric: `${run.name}: health probe p50`,
        unit: 'ms',
        better: 'lower',
        baseline: { name: 'target', value: TARGET_HEALTH_MS },
        target: TARGET_HEALTH_MS,
        detail: `${figures.health.count} probes, p99 ${figures.health.p99.toFixed(1)} ms; idle after the run: p50 ${figures.idleHealth.p50.toFixed(1)} ms`,
      },
      figures.health.p50,
    ),
  ];
}

export const domain: Scenario = {
  name: 'domain',
  description: `coordination at scale: ${AGENTS} agents, ${MESSAGES} messages to one inbox, ${SESSIONS} sessions (1 KiB) vs raw lmdb puts`,
  timeLimitMs: Math.max(100_000, 1_800_000 * SCALE),
  async run() {
    const dataDir = await mkdtemp(join(tmpdir(), 'troupe-bench-domain-'));
    const system = createActorSystem({ threads: 2, dataDir, durability: 'commit' });
    const results: BenchResult[] = [];
    try {
      const inboxMessages = MESSAGES + warmUpOf(MESSAGES) + 1;
      const { domain } = await startCoordination(system, { limits: { inboxMessages } });
      let liveSoFar = 0;
      let fileBytes = (await measureStoreSize(dataDir)).fileBytes;
      for (const run of domainRuns(system, domain)) {
        const figures = await measureDomainRun(system, run);
        liveSoFar += figures.liveBytes;
        const store = await measureStoreSize(dataDir);
        const raw = await rawPutsPerSecond(
          run.count,
          Math.round(figures.liveBytes / (run.warmUp + run.count)),
        );
        const live = { total: liveSoFar, run: figures.liveBytes };
        results.push(...runResults(run, figures, live, store, store.fileBytes - fileBytes, raw));
        fileBytes = store.fileBytes;
      }
    } finally {
      await system.shutdown();
      await rm(dataDir, { recursive: true, force: true });
    }
    return results;
  },
};
