/**
 * The plan of one routed call, as a pure state machine: which server to try next, when to
 * wait before another round, and when the failure is the answer. It does no I/O and keeps
 * no time: the promise-based `Router` (in-process) and the directory actor (one step per
 * turn, the attempts re-entering through its mailbox) both drive it.
 *
 * ```
 *  start() ─▶ try A ─failed(A, e)─▶ try B ─failed(B, e)─▶ wait d ─nextRound()─▶ try A … ─▶ fail
 *                  └─succeeded(A)                      (up to retry.max_attempts rounds)
 * ```
 *
 * After a failure the next candidate is tried only when it is safe (`tool-policy.ts`):
 * always when the call never reached a server, after a timeout or a lost connection only
 * for a retryable tool; a final failure (the caller cancelled, the server answered with an
 * error) ends the call at once. Each round orders the candidates afresh (`order`).
 */
import type { RetryConfig } from '../config/server-config.js';
import { GatewayError } from '../errors.js';
import { retryDelayMs } from './retry-policy.js';
import { failureKind } from './tool-policy.js';

export interface RoutePlanRequest {
  /** The downstream tool, for messages. */
  readonly tool: string;
  /** Servers that offer the tool (`ProviderIndex.resolve`). */
  readonly candidates: readonly string[];
  /** May the tool be called again after a failure that may have reached a server? */
  readonly retryable: boolean;
  readonly retry: RetryConfig;
}

export interface AttemptRecord {
  readonly server: string;
  readonly round: number;
  readonly error?: GatewayError;
}

/** What to do next. */
export type RouteStep =
  | { readonly kind: 'try'; readonly server: string; readonly round: number }
  | { readonly kind: 'wait'; readonly delayMs: number }
  | { readonly kind: 'fail'; readonly error: GatewayError };

export interface RoutePlanDeps {
  /** The candidates in the order one round tries them (healthiest, least loaded, …). */
  readonly order: (candidates: readonly string[]) => string[];
  readonly random: () => number;
}

export class RoutePlan {
  readonly request: RoutePlanRequest;
  readonly #deps: RoutePlanDeps;
  readonly #attempts: AttemptRecord[] = [];
  #round = 0;
  #queue: string[] = [];
  /** Set once the caller cancelled: the next failure is the answer, whatever it is. */
  #cancelled = false;

  constructor(request: RoutePlanRequest, deps: RoutePlanDeps) {
    this.request = request;
    this.#deps = deps;
  }

  /** Every attempt so far, in order. */
  get attempts(): readonly AttemptRecord[] {
    return this.#attempts;
  }

  get round(): number {
    return this.#round;
  }

  /** The first step. */
  start(): RouteStep {
    if (this.request.candidates.length === 0) {
      const { tool } = this.request;
      return {
        kind: 'fail',
        error: new GatewayError('tool_not_found', `no server offers "${tool}"`, { tool }),
      };
    }
    return this.nextRound();
  }

  /** The first step of the next round (after a `wait`). */
  nextRound(): RouteStep {
    this.#round++;
    this.#queue = this.#deps.order(this.request.candidates);
    return this.#next();
  }

  /** The attempt on `server` answered: the attempts, the successful one last. */
  succeeded(server: string): readonly AttemptRecord[] {
    this.#attempts.push({ server, round: this.#round });
    return this.#attempts;
  }

  /** The attempt on `server` failed with `error`: what next. */
  failed(server: string, error: GatewayError): RouteStep {
    this.#attempts.push({ server, round: this.#round, error });
    const kind = failureKind(error);
    if (this.#cancelled || kind === 'final' || (kind === 'maybe_sent' && !this.request.retryable)) {
      return { kind: 'fail', error };
    }
    return this.#next();
  }

  /** The caller cancelled: whatever fails next is the answer, no other server is tried. */
  cancel(): void {
    this.#cancelled = true;
  }

  #next(): RouteStep {
    const server = this.#queue.shift();
    if (server !== undefined) return { kind: 'try', server, round: this.#round };
    if (this.#round >= this.request.retry.maxAttempts) return { kind: 'fail', error: this.#exhausted() };
    const failures = this.#attempts.filter((attempt) => attempt.round === this.#round);
    const hint = Math.min(...failures.map((attempt) => attempt.error?.retryAfterMs ?? 0));
    return { kind: 'wait', delayMs: retryDelayMs(this.request.retry, this.#round, this.#deps.random, hint) };
  }

  /** Every candidate failed in every round: one candidate's own error, or a summary of all. */
  #exhausted(): GatewayError {
    const attempts = this.#attempts;
    const last = attempts.at(-1)?.error;
    if (this.request.candidates.length === 1 && last) return last;
    const latest = new Map(attempts.map((attempt) => [attempt.server, attempt.error?.message ?? 'failed']));
    const summary = [...latest].map(([server, message]) => `${server}: ${message}`).join('; ');
    const retryAfters = attempts
      .map((attempt) => attempt.error?.retryAfterMs)
      .filter((ms) => ms !== undefined);
    const { tool } = this.request;
    return new GatewayError('server_unavailable', `no server could answer "${tool}": ${summary}`, {
      tool,
      ...(retryAfters.length > 0 ? { retryAfterMs: Math.min(...retryAfters) } : {}),
      ...(last ? { cause: last } : {}),
    });
  }
}

/** How good a candidate is right now. */
export type CandidateHealth = 'healthy' | 'degraded' | 'unknown' | 'unhealthy' | 'down';

const HEALTH_RANK: Readonly<Record<CandidateHealth, number>> = {
  healthy: 0,
  degraded: 1,
  unknown: 2,
  unhealthy: 3,
  down: 4,
};

export interface CandidateRank {
  readonly health: CandidateHealth;
  readonly inFlight: number;
}

/**
 * Candidates in the order they are tried: healthiest, then least in flight, ties taking
 * turns (`turn` rotates the list first, so equal candidates share the load).
 */
export function orderCandidates(
  candidates: readonly string[],
  turn: number,
  rankOf: (server: string) => CandidateRank,
): string[] {
  if (candidates.length === 0) return [];
  const start = turn % candidates.length;
  const rotated = [...candidates.slice(start), ...candidates.slice(0, start)];
  const ranks = new Map(rotated.map((server) => [server, rankOf(server)]));
  const score = (server: string) => {
    const rank = ranks.get(server) ?? { health: 'unknown', inFlight: 0 };
    return { health: HEALTH_RANK[rank.health], inFlight: rank.inFlight };
  };
  return rotated.sort((a, b) => {
    const ra = score(a);
    const rb = score(b);
    return ra.health - rb.health || ra.inFlight - rb.inFlight;
  });
}
