/**
 * `MeasureSession`: one side of a comparison, set up once and measured in rounds.
 *
 * Both the baseline and our half are sessions, so a scenario can alternate their rounds
 * (see `interleave.ts`) instead of measuring one after the other: on a small VM, JIT
 * warm-up, GC and the OS's placement of threads drift over seconds, and alternating keeps
 * both halves under the same conditions.
 */
import { performance } from 'node:perf_hooks';

export interface MeasureSession<Sample> {
  measureRound(): Promise<Sample>;
  /** Release threads and memory; must not throw. */
  close(): Promise<void>;
}

/** A session over synchronous, self-contained rounds (nothing to release). */
export function createSyncSession<Sample>(round: () => Sample): MeasureSession<Sample> {
  return {
    measureRound: async () => round(),
    close: async () => {},
  };
}

/** Repeat `round` until `durationMs` has passed (JIT tier-up and first GCs happen here, unrecorded). */
export async function warmUpFor(durationMs: number, round: () => Promise<unknown>): Promise<void> {
  const until = performance.now() + durationMs;
  while (performance.now() < until) await round();
}
