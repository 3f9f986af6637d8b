/**
 * The plain data of the wait-for graph: a `WaitEdge` ("`from` waits for `to`, since
 * `since`, for this reason, identified by this token") and a `Cycle` of such edges,
 * plus the check that an edge is well formed.
 *
 * Three sources feed edges, each with its own token:
 *
 *   ask   actor `from` awaits a reply from actor `to`      token = the ask's id
 *   lock  `from` waits for a lock that `to` holds         token = the lock request's id
 *   step  workflow step `from` waits for step `to`        token = the dependency's id
 *
 * Node ids are opaque strings (actor ids, agent ids, lock ids …); the graph does not
 * care which. Tokens must be unique across every source feeding one graph, so prefix
 * them by source (and by thread, for per-thread ask ids). `since` is a time reading
 * from the caller's injected clock; the graph never reads a clock itself. This module
 * holds no graph logic: see `wait-for-graph.ts` and `victim.ts`.
 */
import { InvalidWaitEdgeError } from './errors.js';

export type WaitKind = 'ask' | 'lock' | 'step';

export const WAIT_KINDS: readonly WaitKind[] = ['ask', 'lock', 'step'];

/** `from` waits for `to`. */
export interface WaitEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: WaitKind;
  /** Names this edge exactly, so that one of several parallel edges can be removed. */
  readonly token: string;
  /** When the wait began, on the caller's clock (any monotonic unit, e.g. ms). */
  readonly since: number;
}

/**
 * A loop of waits, in wait order: `edges[i]` goes from `nodes[i]` to
 * `nodes[(i + 1) % nodes.length]`, so the last edge leads back to `nodes[0]`. The
 * nodes are distinct (an elementary cycle); a self-wait is `nodes: [a]`, `edges: [a→a]`.
 */
export interface Cycle {
  readonly nodes: readonly string[];
  readonly edges: readonly WaitEdge[];
}

/** Throws `InvalidWaitEdgeError` naming the first malformed field of `edge`. */
export function assertWaitEdge(edge: WaitEdge): void {
  if (typeof edge !== 'object' || edge === null) {
    throw new InvalidWaitEdgeError('edge', 'must be an object');
  }
  for (const field of ['from', 'to', 'token'] as const) {
    const value: unknown = edge[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidWaitEdgeError(`edge.${field}`, `must be a non-empty string (got ${describe(value)})`);
    }
  }
  if (!WAIT_KINDS.includes(edge.kind)) {
    throw new InvalidWaitEdgeError(
      'edge.kind',
      `must be one of ${WAIT_KINDS.join(', ')} (got ${describe(edge.kind)})`,
    );
  }
  if (typeof edge.since !== 'number' || !Number.isFinite(edge.since)) {
    throw new InvalidWaitEdgeError('edge.since', `must be a finite number (got ${describe(edge.since)})`);
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
