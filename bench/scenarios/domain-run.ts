/**
 * One timed run of the `domain` scenario: `count` operations, `inFlight` at a time, after an
 * untimed warm-up (so the first tenth is not charged with compiling the code paths, which
 * would make the last/first ratio look flatter than it is). It records, per tenth of the
 * operations, the wall time and the process's CPU time (every thread's: `process.cpuUsage`);
 * the live data the operations wrote (each says its own bytes); a health probe every
 * `HEALTH_EVERY_MS` while the operations run, and a few once they are done (the probe's own
 * cost without load); and the 1-minute load average before and after — the machine is shared,
 * and absolute figures mean little without it.
 *
 * The probe reads what the `health` tool reads (`src/mcp/health.ts`): `system.stats()`,
 * `system.suspended()` and `system.recentIncidents()` (the bench may use only the package's
 * entries, and `health` is the MCP adapter's).
 */
import { cpus, loadavg } from 'node:os';
import type { ActorSystem } from '../../src/index.js';
import { type LatencySummary, summarizeLatency } from '../harness/latency.js';

const HEALTH_EVERY_MS = 100;
const IDLE_PROBES = 10;
const IDLE_PROBE_GAP_MS = 50;

/** What one operation did: accepted or refused, and the bytes of live data it left (0 when refused). */
export interface OperationOutcome {
  readonly ok: boolean;
  readonly liveBytes: number;
}

export interface DomainRun {
  readonly name: string;
  readonly count: number;
  /** Untimed operations first (their data counts as live data all the same). */
  readonly warmUp: number;
  readonly inFlight: number;
  /** Operation `i` of `warmUp + count` (`i` < `warmUp`: the warm-up). */
  readonly op: (i: number) => Promise<OperationOutcome>;
}

export interface RunFigures {
  readonly perSecond: number;
  /** Wall ms per tenth of the timed operations. */
  readonly tenthsMs: readonly number[];
  /** CPU ms (all threads) per tenth. */
  readonly tenthsCpuMs: readonly number[];
  /** Live bytes written by the run, warm-up included. */
  readonly liveBytes: number;
  readonly refused: number;
  readonly health: LatencySummary;
  readonly idleHealth: LatencySummary;
  readonly loadBefore: number;
  readonly loadAfter: number;
}

/** Last tenth / first tenth. */
export function lastVsFirst(tenths: readonly number[]): number {
  const first = tenths[0] ?? Number.NaN;
  const last = tenths.at(-1) ?? Number.NaN;
  return last / first;
}

async function probeHealth(system: ActorSystem): Promise<number> {
  const began = performance.now();
  await system.stats();
  system.suspended();
  system.recentIncidents();
  return performance.now() - began;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The 1-minute load average, with the core count to read it against. */
export function describeLoad(figures: Pick<RunFigures, 'loadBefore' | 'loadAfter'>): string {
  return `load average ${figures.loadBefore.toFixed(2)} → ${figures.loadAfter.toFixed(2)} on ${cpus().length} cores`;
}

/** Run `run` against `system`: warm-up, then `count` operations in tenths, probing health alongside. */
export async function measureDomainRun(system: ActorSystem, run: DomainRun): Promise<RunFigures> {
  let liveBytes = 0;
  let refused = 0;
  const drive = async (start: number, end: number) => {
    let next = start;
    await Promise.all(
      Array.from({ length: Math.min(run.inFlight, end - start) }, async () => {
        while (next < end) {
          const outcome = await run.op(next++);
          liveBytes += outcome.liveBytes;
          if (!outcome.ok) refused++;
        }
      }),
    );
  };
  await drive(0, run.warmUp);

  const loadBefore = loadavg()[0] ?? 0;
  const samples: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      samples.push(await probeHealth(system));
      await sleep(HEALTH_EVERY_MS);
    }
  })();
  const tenth = Math.max(1, Math.floor(run.count / 10));
  const tenthsMs: number[] = [];
  const tenthsCpuMs: number[] = [];
  const started = performance.now();
  let elapsed = 0;
  try {
    for (let start = 0; start < run.count; start += tenth) {
      const wallBegan = performance.now();
      const cpuBegan = cpuMs();
      await drive(run.warmUp + start, run.warmUp + Math.min(run.count, start + tenth));
      tenthsMs.push(performance.now() - wallBegan);
      tenthsCpuMs.push(cpuMs() - cpuBegan);
    }
    elapsed = performance.now() - started;
  } finally {
    // Stop probing before the caller shuts the system down, whether the run ended or failed.
    probing = false;
    await probe;
  }
  const loadAfter = loadavg()[0] ?? 0;

  const idle: number[] = [];
  for (let i = 0; i < IDLE_PROBES; i++) {
    await sleep(IDLE_PROBE_GAP_MS);
    idle.push(await probeHealth(system));
  }
  return {
    perSecond: (run.count / elapsed) * 1000,
    tenthsMs,
    tenthsCpuMs,
    liveBytes,
    refused,
    health: summarizeLatency(samples),
    idleHealth: summarizeLatency(idle),
    loadBefore,
    loadAfter,
  };
}
