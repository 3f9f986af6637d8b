/**
 * Troupe half of peer-xstate's ping-pong: two Rally actors on the same worker thread;
 * each round they bounce a ball for a fixed duration. Round trips/s, timed in the worker.
 */
import { Rally, type RallyReport } from '../actors/rally.js';
import { type Throughput, toThroughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';
import { openSystemSession } from './troupe-system.js';

export interface TroupePingPongOptions {
  readonly durationMs: number;
}

export const DEFAULT_TROUPE_PING_PONG: TroupePingPongOptions = { durationMs: 700 };

export function openTroupePingPong(options = DEFAULT_TROUPE_PING_PONG): Promise<MeasureSession<Throughput>> {
  return openSystemSession({ threads: 1 }, async (system) => {
    const server = await system.spawn(Rally, { id: 'rally-server' });
    const returner = await system.spawn(Rally, { id: 'rally-returner' });
    return async () => {
      const report = await server.ask<RallyReport>(
        { type: 'serve', peer: returner, durationMs: options.durationMs },
        { timeoutMs: options.durationMs + 30_000 },
      );
      return toThroughput(report.rounds, report.elapsedMs);
    };
  });
}
