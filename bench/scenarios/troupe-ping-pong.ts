/**
 * Troupe half of peer-xstate's ping-pong: two Rally actors on the same worker thread
 * bounce a ball for a fixed duration; round trips per second, timed in the worker.
 */
import { Rally, type RallyReport } from '../actors/rally.js';
import { toThroughput, type Throughput } from '../harness/measure.js';
import { withActorSystem } from './troupe-system.js';

export interface TroupePingPongOptions {
  readonly durationMs: number;
  readonly warmupMs: number;
}

export const DEFAULT_TROUPE_PING_PONG: TroupePingPongOptions = { durationMs: 1_000, warmupMs: 200 };

export function measureTroupePingPong(options = DEFAULT_TROUPE_PING_PONG): Promise<Throughput> {
  return withActorSystem({ threads: 1 }, async (system) => {
    const server = await system.spawn(Rally, { id: 'rally-server' });
    const returner = await system.spawn(Rally, { id: 'rally-returner' });
    const serve = (durationMs: number) =>
      server.ask<RallyReport>({ type: 'serve', peer: returner, durationMs }, { timeoutMs: durationMs + 30_000 });
    await serve(options.warmupMs);
    const report = await serve(options.durationMs);
    return toThroughput(report.rounds, report.elapsedMs);
  });
}
