/**
 * Health at the capability level: not "is the process alive" but "does the server still
 * offer what it offered". One check fetches the whole tool list and, when configured,
 * makes the canary call, all within the check's timeout:
 *
 * - `unhealthy`: the list could not be fetched in time, or it is empty;
 * - `degraded`: the list is there but the check was slow (over `slowMs`), the canary call
 *   failed or answered `isError`, or the list changed since the last check without the
 *   server announcing it (`notifications/tools/list_changed` updates the known hash);
 * - `healthy`: otherwise.
 *
 * The check only reports; acting on the report (restart, routing around) is the caller's.
 */
import type { Clock } from '../../supervisors/flood/clock.js';
import type { CanaryConfig, HealthConfig } from '../config/server-config.js';
import type { ServerSession } from './server-session.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthReport {
  readonly status: HealthStatus;
  /** Why it is not healthy; empty when it is. */
  readonly reasons: readonly string[];
  readonly checkedAt: number;
  readonly latencyMs: number;
  readonly toolCount: number;
  readonly toolHash: string;
}

export interface HealthCheckInput {
  readonly session: ServerSession;
  readonly health: HealthConfig;
  readonly canary?: CanaryConfig;
  /** The hash the caller knows (from the session's start or its last check). */
  readonly knownHash: string;
  readonly clock: Clock;
}

export async function checkHealth(input: HealthCheckInput): Promise<HealthReport> {
  const { session, health, canary, clock } = input;
  const startedAt = clock.now();
  const deadline = AbortSignal.timeout(health.timeoutMs);
  const reasons: string[] = [];
  const report = (status: HealthStatus): HealthReport => ({
    status,
    reasons,
    checkedAt: startedAt,
    latencyMs: clock.now() - startedAt,
    toolCount: session.tools.length,
    toolHash: session.toolHash,
  });
  try {
    await session.refreshTools(health.timeoutMs);
  } catch (error) {
    reasons.push(`tools/list failed: ${describe(error)}`);
    return report('unhealthy');
  }
  if (session.tools.length === 0) {
    reasons.push('the server lists no tools');
    return report('unhealthy');
  }
  if (input.knownHash !== '' && session.toolHash !== input.knownHash) {
    reasons.push('the tool list changed without notice');
  }
  if (canary) {
    const remainingMs = Math.max(1, Math.min(canary.timeoutMs, health.timeoutMs - (clock.now() - startedAt)));
    try {
      const result = await session.callTool(
        canary.tool,
        { ...canary.arguments },
        { timeoutMs: remainingMs, signal: deadline },
      );
      if (result.isError === true) reasons.push(`canary ${canary.tool} answered with an error`);
    } catch (error) {
      reasons.push(`canary ${canary.tool} failed: ${describe(error)}`);
    }
  }
  const latencyMs = clock.now() - startedAt;
  if (latencyMs > health.slowMs)
    reasons.push(`the check took ${latencyMs} ms (slow over ${health.slowMs} ms)`);
  return report(reasons.length === 0 ? 'healthy' : 'degraded');
}

/** The report for a server with no session to check (stopped, backing off, in a crash loop, …). */
export function unreachableReport(
  stateKind: string,
  now: number,
  toolCount: number,
  toolHash: string,
): HealthReport {
  return {
    status: 'unhealthy',
    reasons: [`the server is ${stateKind}`],
    checkedAt: now,
    latencyMs: 0,
    toolCount,
    toolHash,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
