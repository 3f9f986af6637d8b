/**
 * Troupe half of tell-local (and of peer-xstate's tell figure): a TellDriver on one worker
 * thread spawns 10k child Counters and tells them round robin for a fixed duration; the
 * figure is messages handled per second, timed in the worker from the first tell until
 * every Counter has reported (so every message was processed, not just enqueued).
 */
import { TellDriver, type TellRunReport } from '../actors/tell-driver.js';
import { toThroughput, type Throughput } from '../harness/measure.js';
import { withActorSystem } from './troupe-system.js';

export interface TroupeTellLocalOptions {
  readonly actors: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Tells per driver turn. */
  readonly chunk: number;
}

export const DEFAULT_TROUPE_TELL_LOCAL: TroupeTellLocalOptions = { actors: 10_000, durationMs: 1_000, warmupMs: 300, chunk: 10_000 };

export function measureTroupeTellLocal(options = DEFAULT_TROUPE_TELL_LOCAL): Promise<Throughput> {
  return withActorSystem({ threads: 1, mailbox: { capacity: 100_000 } }, async (system) => {
    const driver = await system.spawn(TellDriver, { id: 'tell-driver' });
    await driver.ask({ type: 'setup', children: options.actors }, { timeoutMs: 30_000 });
    const run = (durationMs: number) =>
      driver.ask<TellRunReport>({ type: 'run', durationMs, chunk: options.chunk }, { timeoutMs: durationMs + 30_000 });
    await run(options.warmupMs);
    const report = await run(options.durationMs);
    if (report.counted !== report.sent) throw new Error(`counters handled ${report.counted} of ${report.sent} tells`);
    return toThroughput(report.sent, report.elapsedMs);
  });
}
