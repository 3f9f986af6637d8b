/**
 * Routing one call among the servers that can answer it, with failover and retries:
 *
 * ```
 * round 1: [healthiest, least in flight] ──fail──▶ [next] ──fail──▶ …   all failed:
 *          wait retryDelayMs(round) ─▶ round 2 … up to retry.max_attempts rounds
 * ```
 *
 * Candidates are ordered by health (healthy, degraded, unknown, unhealthy, down; an open
 * circuit counts as down), then by calls in flight, ties taking turns. After a failure
 * the next candidate is tried when it is safe (`tool-policy.ts`): always for a failure
 * that never reached the server, and for a timeout or a lost connection only when the
 * tool is retryable — otherwise that error is the answer, and no effect is duplicated.
 * A final failure (the caller cancelled, the server answered with an error) ends the call.
 *
 * Pure policy: the servers are reached through `invoke`, limits through each server's
 * `ServerGuard`, time through `sleep`; nothing here knows about MCP sessions.
 */
import type { RetryConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import { retryDelayMs } from './retry-policy.js';
import type { ServerGuard, Sleep } from './server-guard.js';
import { failureKind } from './tool-policy.js';

export type CandidateHealth = 'healthy' | 'degraded' | 'unknown' | 'unhealthy' | 'down';

const HEALTH_RANK: Readonly<Record<CandidateHealth, number>> = {
  healthy: 0,
  degraded: 1,
  unknown: 2,
  unhealthy: 3,
  down: 4,
};

export interface RouteRequest {
  /** The downstream tool, for messages. */
  readonly tool: string;
  /** Servers that offer the tool (`ProviderIndex.resolve`). */
  readonly candidates: readonly string[];
  /** May the tool be called again after a failure that may have reached a server? */
  readonly retryable: boolean;
  readonly retry: RetryConfig;
  /** The longest one attempt may wait at a server's door (rate limit, concurrency). */
  readonly maxWaitMs: number;
  readonly signal?: AbortSignal;
}

export interface RouterDeps {
  guardOf(server: string): ServerGuard;
  healthOf(server: string): CandidateHealth;
  readonly sleep: Sleep;
  readonly random: () => number;
}

export interface AttemptRecord {
  readonly server: string;
  readonly round: number;
  readonly error?: GatewayError;
}

export interface RouteOutcome<T> {
  readonly value: T;
  readonly server: string;
  /** Every attempt, the successful one last. */
  readonly attempts: readonly AttemptRecord[];
}

/** A router: its only state is whose turn it is among equally good candidates. */
export class Router {
  readonly #deps: RouterDeps;
  #turn = 0;

  constructor(deps: RouterDeps) {
    this.#deps = deps;
  }

  async route<T>(request: RouteRequest, invoke: (server: string) => Promise<T>): Promise<RouteOutcome<T>> {
    if (request.candidates.length === 0) {
      throw new GatewayError('tool_not_found', `no server offers "${request.tool}"`, { tool: request.tool });
    }
    const attempts: AttemptRecord[] = [];
    for (let round = 1; ; round++) {
      for (const server of this.order(request.candidates)) {
        const guard = this.#deps.guardOf(server);
        try {
          const value = await guard.run(
            { maxWaitMs: request.maxWaitMs, ...optionalSignal(request.signal) },
            () => invoke(server),
          );
          attempts.push({ server, round });
          return { value, server, attempts };
        } catch (caught) {
          const error = asGatewayError(caught, server, request.tool);
          attempts.push({ server, round, error });
          const kind = failureKind(error);
          if (kind === 'final' || (kind === 'maybe_sent' && !request.retryable)) throw error;
        }
      }
      if (round >= request.retry.maxAttempts) throw exhausted(request, attempts);
      const failures = attempts.filter((attempt) => attempt.round === round);
      const hint = Math.min(...failures.map((attempt) => attempt.error?.retryAfterMs ?? 0));
      await this.#deps.sleep(retryDelayMs(request.retry, round, this.#deps.random, hint), request.signal);
    }
  }

  /** Candidates in the order they are tried: healthiest, then least in flight, ties taking turns. */
  order(candidates: readonly string[]): string[] {
    const turn = this.#turn++ % candidates.length;
    const rotated = [...candidates.slice(turn), ...candidates.slice(0, turn)];
    const rank = (server: string) => {
      const guard = this.#deps.guardOf(server);
      const health = guard.isOpen ? 'down' : this.#deps.healthOf(server);
      return { health: HEALTH_RANK[health], inFlight: guard.inFlight };
    };
    const ranks = new Map(rotated.map((server) => [server, rank(server)]));
    return rotated.sort((a, b) => {
      const ra = ranks.get(a) ?? { health: 0, inFlight: 0 };
      const rb = ranks.get(b) ?? { health: 0, inFlight: 0 };
      return ra.health - rb.health || ra.inFlight - rb.inFlight;
    });
  }
}

function optionalSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

function asGatewayError(error: unknown, server: string, tool: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError('downstream_error', `"${tool}" on server "${server}" failed: ${message}`, {
    server,
    tool,
    cause: error,
  });
}

/** Every candidate failed in every round: one candidate's own error, or a summary of all. */
function exhausted(request: RouteRequest, attempts: readonly AttemptRecord[]): GatewayError {
  const last = attempts.at(-1)?.error;
  if (request.candidates.length === 1 && last) return last;
  const latest = new Map(attempts.map((attempt) => [attempt.server, attempt.error?.message ?? 'failed']));
  const summary = [...latest].map(([server, message]) => `${server}: ${message}`).join('; ');
  const retryAfters = attempts.map((attempt) => attempt.error?.retryAfterMs).filter((ms) => ms !== undefined);
  return new GatewayError('server_unavailable', `no server could answer "${request.tool}": ${summary}`, {
    tool: request.tool,
    ...(retryAfters.length > 0 ? { retryAfterMs: Math.min(...retryAfters) } : {}),
    ...(last ? { cause: last } : {}),
  });
}
