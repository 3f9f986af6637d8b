/**
 * The durable-workflow peer of the `workflows` scenario: DBOS Transact (`@dbos-inc/dbos-sdk`
 * 5.x) on a throwaway local PostgreSQL (local-postgres.ts), running the same workflow as
 * ours — three steps (`DBOS.runStep`), each incrementing `n` — at DBOS's own durability
 * (every step's outcome is a committed Postgres row, with the server's defaults: fsync on,
 * synchronous_commit on; DBOS's default pool of 10 connections).
 *
 * Measured: a latency series (runs one after another, start → result) and the steps/s with
 * `inFlight` runs started at once, timed until every result. The package is a dev dependency loaded at run time: where
 * it or PostgreSQL is missing, `measureDbos` answers `{ skipped: reason }` and the scenario
 * says so. Not here: our half, the printing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type LatencySummary, summarizeLatency } from '../harness/latency.js';
import { nowMs } from '../harness/measure.js';
import { PostgresUnavailableError, startLocalPostgres } from './local-postgres.js';

export const DBOS_PACKAGE = '@dbos-inc/dbos-sdk';

/** The part of DBOS's static API this peer uses (the package is loaded by name, untyped). */
interface DbosApi {
  setConfig(config: { name: string; systemDatabaseUrl: string; logLevel?: string }): void;
  launch(): Promise<void>;
  shutdown(options?: { deregister?: boolean }): Promise<void>;
  registerWorkflow<Args extends unknown[], Return>(
    func: (...args: Args) => Promise<Return>,
    config?: { name?: string },
  ): (...args: Args) => Promise<Return>;
  runStep<Return>(func: () => Promise<Return>, config?: { name?: string }): Promise<Return>;
}

export type DbosMeasurement =
  | {
      readonly skipped?: undefined;
      readonly stepsPerSecond: number;
      readonly latency: LatencySummary;
      readonly version: string;
      readonly postgres: string;
    }
  | { readonly skipped: string };

export interface DbosOptions {
  readonly inFlight: number;
  readonly latencyRuns: number;
  readonly steps: number;
}

async function loadDbos(): Promise<{ api: DbosApi; version: string } | string> {
  try {
    const name: string = DBOS_PACKAGE;
    const module = (await import(name)) as { DBOS: DbosApi };
    return { api: module.DBOS, version: packageVersion(name) };
  } catch (error) {
    return `${DBOS_PACKAGE} is not installed (npm install -D ${DBOS_PACKAGE}@5.3.0): ${(error as Error).message.split('\n')[0]}`;
  }
}

/** The installed version, from the package.json above the resolved entry (its `exports` hide it). */
function packageVersion(name: string): string {
  const entry = createRequire(import.meta.url).resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
  const parsed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

const inc = async (n: number) => n + 1;

export async function measureDbos(options: DbosOptions): Promise<DbosMeasurement> {
  const loaded = await loadDbos();
  if (typeof loaded === 'string') return { skipped: loaded };
  const { api: DBOS, version } = loaded;
  let postgres: Awaited<ReturnType<typeof startLocalPostgres>>;
  try {
    postgres = await startLocalPostgres();
  } catch (error) {
    if (error instanceof PostgresUnavailableError) return { skipped: error.message };
    throw error;
  }
  let launched = false;
  try {
    const threeSteps = DBOS.registerWorkflow(
      async (start: number) => {
        let n = start;
        for (let step = 0; step < options.steps; step++) {
          const current = n;
          n = await DBOS.runStep(() => inc(current), { name: `step-${step}` });
        }
        return n;
      },
      { name: 'bench-three' },
    );
    DBOS.setConfig({
      name: 'troupe-bench',
      systemDatabaseUrl: postgres.url('troupe_bench_dbos'),
      logLevel: 'error',
    });
    await DBOS.launch();
    launched = true;
    // Warm up: connections, prepared paths, the JIT.
    await Promise.all(Array.from({ length: 20 }, () => threeSteps(0)));
    const latencies: number[] = [];
    for (let i = 0; i < options.latencyRuns; i++) {
      const start = nowMs();
      const n = await threeSteps(0);
      latencies.push(nowMs() - start);
      if (n !== options.steps) throw new Error(`a DBOS run counted ${n}`);
    }
    // `inFlight` runs started at once, timed until every result (as ours: the second of two such
    // floods, the first warming the path under load). DBOS checkpoints through its pool of 10
    // connections: beyond a few hundred runs more in flight only queue.
    const flood = async () => {
      const start = nowMs();
      const results = await Promise.all(Array.from({ length: options.inFlight }, () => threeSteps(0)));
      const elapsed = nowMs() - start;
      if (results.some((n) => n !== options.steps)) throw new Error('a loaded DBOS run miscounted');
      return (options.inFlight * options.steps) / (elapsed / 1000);
    };
    await flood();
    return {
      stepsPerSecond: await flood(),
      latency: summarizeLatency(latencies),
      version,
      postgres: postgres.version,
    };
  } finally {
    if (launched) await DBOS.shutdown({ deregister: true }).catch(() => {});
    await postgres.stop();
  }
}
