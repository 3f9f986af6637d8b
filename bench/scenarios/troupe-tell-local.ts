/**
 * Troupe half of tell-local (and of peer-xstate's tell figure): a TellDriver on one worker
 * thread spawns 10k child Counters; each round it tells them round robin for a fixed
 * duration. The figure is messages handled per second, timed in the worker from the first
 * tell until every Counter has reported (so every message was processed, not just queued).
 */
import { TellDriver, type TellRunReport } from '../actors/tell-driver.js';
import { type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { openSystemSession } from './troupe-system.js';

export interface TroupeTellLocalOptions {
  readonly actors: number;
  readonly durationMs: number;
  /** Tells per driver turn. */
  readonly chunk: number;
  /**
   * The watchdog's turn and loop limits (the system's defaults if unset). The driver spawns its
   * children, and asks each for its report, in one turn: at 100 k+ actors that turn is longer
   * than the default limits, and the watchdog would replace the thread.
   */
  readonly watchdogMs?: number;
}

export const DEFAULT_TROUPE_TELL_LOCAL: TroupeTellLocalOptions = {
  actors: 10_000,
  durationMs: 700,
  chunk: 1_000,
};

export function openTroupeTellLocal(
  options = DEFAULT_TROUPE_TELL_LOCAL,
): Promise<MeasureSession<Throughput>> {
  const watchdog =
    options.watchdogMs === undefined
      ? {}
      : { turnTimeoutMs: options.watchdogMs, loopTimeoutMs: options.watchdogMs };
  // Room for 1 M actors (as the spawn scenario gives its worker); the default is no issue at 10 k.
  const heap = options.actors > 100_000 ? { workerResourceLimits: { maxOldGenerationSizeMb: 4_096 } } : {};
  return openSystemSession(
    { threads: 1, mailbox: { capacity: 100_000 }, ...watchdog, ...heap },
    async (system) => {
      // Every Counter answers the driver's end-of-round report at once: its mailbox holds them all.
      const driver = await system.spawn(TellDriver, {
        id: 'tell-driver',
        mailbox: { capacity: Math.max(100_000, options.actors * 2) },
      });
      await driver.ask({ type: 'setup', children: options.actors }, { timeoutMs: 120_000 });
      return async () => {
        const report = await driver.ask<TellRunReport>(
          { type: 'run', durationMs: options.durationMs, chunk: options.chunk },
          { timeoutMs: options.durationMs + 30_000 },
        );
        if (report.counted !== report.sent)
          throw new Error(`counters handled ${report.counted} of ${report.sent} tells`);
        return toThroughput(report.sent, report.elapsedMs);
      };
    },
  );
}
