/**
 * Routing one call among the servers that can answer it, with failover and retries, in
 * process: the {@link RoutePlan} (`route-plan.ts`) decides each step, this class carries
 * the steps out with promises — each attempt through the server's `ServerGuard`, each wait
 * through the injected `sleep`. (The directory actor drives the same plan one step per
 * turn instead.)
 *
 * ```
 * round 1: [healthiest, least in flight] ──fail──▶ [next] ──fail──▶ …   all failed:
 *          wait retryDelayMs(round) ─▶ round 2 … up to retry.max_attempts rounds
 * ```
 *
 * Candidates are ordered by health (healthy, degraded, unknown, unhealthy, down; an open
 * circuit counts as down), then by calls in flight, ties taking turns. Nothing here knows
 * about MCP sessions: the servers are reached through `invoke`.
 */
import type { RetryConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import {
  type AttemptRecord,
  type CandidateHealth,
  orderCandidates,
  RoutePlan,
  type RouteStep,
} from './route-plan.js';
import type { ServerGuard, Sleep } from './server-guard.js';

export type { AttemptRecord, CandidateHealth } from './route-plan.js';

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
    const plan = new RoutePlan(request, {
      order: (candidates) => this.order(candidates),
      random: this.#deps.random,
    });
    let step: RouteStep = plan.start();
    for (;;) {
      switch (step.kind) {
        case 'fail':
          throw step.error;
        case 'wait':
          await this.#deps.sleep(step.delayMs, request.signal);
          step = plan.nextRound();
          break;
        case 'try': {
          const server = step.server;
          let value: T;
          try {
            value = await this.#deps
              .guardOf(server)
              .run({ maxWaitMs: request.maxWaitMs, ...optionalSignal(request.signal) }, () => invoke(server));
          } catch (caught) {
            step = plan.failed(server, asGatewayError(caught, server, request.tool));
            break;
          }
          return { value, server, attempts: plan.succeeded(server) };
        }
      }
    }
  }

  /** Candidates in the order they are tried: healthiest, then least in flight, ties taking turns. */
  order(candidates: readonly string[]): string[] {
    return orderCandidates(candidates, this.#turn++, (server) => {
      const guard = this.#deps.guardOf(server);
      return { health: guard.isOpen ? 'down' : this.#deps.healthOf(server), inFlight: guard.inFlight };
    });
  }
}

function optionalSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/** A failure as a gateway error: anything else thrown by an attempt is the server's `downstream_error`. */
export function asGatewayError(error: unknown, server: string, tool: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError('downstream_error', `"${tool}" on server "${server}" failed: ${message}`, {
    server,
    tool,
    cause: error,
  });
}
