/**
 * The wait-for graph, kept up to date one edge at a time, and the incremental cycle
 * check: adding `from → to` closes a cycle exactly when `to` already reaches `from`, so
 * `addEdge` searches only the part of the graph reachable from `to` (breadth first,
 * stopping at `from`) instead of the whole graph.
 *
 *   A ──ask──▶ B ──lock──▶ C          addEdge(C → A) searches from A: A, B, C = found
 *   ▲                      │          → Cycle { nodes: [A, B, C], edges: [A→B, B→C, C→A] }
 *   └─────────ask──────────┘
 *
 * Several edges may join the same pair (two asks from A to B): the pair counts as one
 * hop while any of them remains, and each is removed by its own token.
 *
 * What it does not do: choose or fail a victim (`victim.ts` chooses; the supervisor
 * fails), read a clock, or look for cycles that do not pass through a given edge.
 * `addEdge` always records the edge, also when it closes a cycle. If the caller keeps
 * the graph acyclic by removing a victim's edge after every reported cycle, every new
 * deadlock is reported by the edge that creates it. When the victim is not the closing
 * edge, other cycles through the closing edge may remain: ask `cycleThrough(token)` of
 * the closing edge again until it answers null.
 *
 * Costs: `addEdge` O(nodes and edges reachable from `to`), with an O(1) answer when
 * nobody waits for `from` or `to` waits for nobody; `removeEdge` O(parallel edges of its
 * pair); `removeNode` O(its edges).
 */
import { DuplicateWaitTokenError } from './errors.js';
import { isYoungerWait } from './victim.js';
import { assertWaitEdge, type Cycle, type WaitEdge } from './wait-edge.js';

export class WaitForGraph {
  /** Every edge by its token. */
  private readonly byToken = new Map<string, WaitEdge>();
  /** from → to → the parallel edges of that pair (never empty). */
  private readonly outgoing = new Map<string, Map<string, WaitEdge[]>>();
  /** to → the distinct `from`s with an edge to it (for removeNode and the O(1) answer). */
  private readonly incoming = new Map<string, Set<string>>();

  /** The number of edges, parallel edges counted one by one. */
  get size(): number {
    return this.byToken.size;
  }

  /**
   * Record `edge` and return the shortest cycle it closes (its last edge is `edge`,
   * its nodes run from `edge.to` to `edge.from`), or null. A self-wait (`from === to`)
   * is a cycle of one node. Throws `InvalidWaitEdgeError` for a malformed edge and
   * `DuplicateWaitTokenError` for a token already in the graph; the graph is then unchanged.
   */
  addEdge(edge: WaitEdge): Cycle | null {
    assertWaitEdge(edge);
    if (this.byToken.has(edge.token)) throw new DuplicateWaitTokenError(edge.token);
    const stored: WaitEdge = {
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      token: edge.token,
      since: edge.since,
    };
    this.byToken.set(stored.token, stored);
    let targets = this.outgoing.get(stored.from);
    if (targets === undefined) {
      targets = new Map();
      this.outgoing.set(stored.from, targets);
    }
    const parallel = targets.get(stored.to);
    if (parallel === undefined) {
      targets.set(stored.to, [stored]);
      let sources = this.incoming.get(stored.to);
      if (sources === undefined) {
        sources = new Set();
        this.incoming.set(stored.to, sources);
      }
      sources.add(stored.from);
    } else {
      parallel.push(stored);
    }
    return this.cycleClosedBy(stored);
  }

  /** Remove the edge named `token`; false when there is none. */
  removeEdge(token: string): boolean {
    const edge = this.byToken.get(token);
    if (edge === undefined) return false;
    this.byToken.delete(token);
    const targets = this.outgoing.get(edge.from) as Map<string, WaitEdge[]>;
    const parallel = targets.get(edge.to) as WaitEdge[];
    if (parallel.length > 1) {
      parallel.splice(parallel.indexOf(edge), 1);
      return true;
    }
    targets.delete(edge.to);
    if (targets.size === 0) this.outgoing.delete(edge.from);
    const sources = this.incoming.get(edge.to) as Set<string>;
    sources.delete(edge.from);
    if (sources.size === 0) this.incoming.delete(edge.to);
    return true;
  }

  /** Remove every edge into or out of `id` (it stopped, or was failed); returns them. */
  removeNode(id: string): WaitEdge[] {
    const removed: WaitEdge[] = [];
    for (const parallel of this.outgoing.get(id)?.values() ?? []) removed.push(...parallel);
    for (const from of this.incoming.get(id) ?? []) {
      // A self-wait is both outgoing and incoming; it was collected above.
      if (from !== id) removed.push(...this.edgesBetween(from, id));
    }
    for (const edge of removed) this.removeEdge(edge.token);
    return removed;
  }

  /**
   * The shortest cycle through the edge named `token` (ending with that edge, like
   * `addEdge`'s answer), or null when the edge is unknown or on no cycle. Use it after
   * removing a victim that was not the closing edge, to learn whether a cycle remains.
   */
  cycleThrough(token: string): Cycle | null {
    const edge = this.byToken.get(token);
    return edge === undefined ? null : this.cycleClosedBy(edge);
  }

  /** The edge named `token`, if any. */
  getEdge(token: string): WaitEdge | undefined {
    return this.byToken.get(token);
  }

  /** The parallel edges from `from` to `to`, oldest added first (a copy). */
  edgesBetween(from: string, to: string): WaitEdge[] {
    return [...(this.outgoing.get(from)?.get(to) ?? [])];
  }

  /** Every edge, in the order they were added (a copy). */
  edges(): WaitEdge[] {
    return [...this.byToken.values()];
  }

  /** Whether `id` has any edge in or out. */
  hasNode(id: string): boolean {
    return this.outgoing.has(id) || this.incoming.has(id);
  }

  private cycleClosedBy(closing: WaitEdge): Cycle | null {
    if (closing.from === closing.to) return { nodes: [closing.from], edges: [closing] };
    // Nobody waits for `from`, or `to` waits for nobody: no path can lead back.
    if (!this.incoming.has(closing.from) || !this.outgoing.has(closing.to)) return null;
    const path = this.shortestPath(closing.to, closing.from);
    if (path === null) return null;
    const edges: WaitEdge[] = [];
    for (let index = 0; index + 1 < path.length; index++) {
      edges.push(this.youngestBetween(path[index] as string, path[index + 1] as string));
    }
    edges.push(closing);
    return { nodes: path, edges };
  }

  /** Breadth-first from `start` until `goal` is discovered; the nodes from start to goal. */
  private shortestPath(start: string, goal: string): string[] | null {
    const cameFrom = new Map<string, string>([[start, start]]);
    const queue: string[] = [start];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as string;
      const targets = this.outgoing.get(node);
      if (targets === undefined) continue;
      for (const next of targets.keys()) {
        if (cameFrom.has(next)) continue;
        cameFrom.set(next, node);
        if (next === goal) return walkBack(cameFrom, start, goal);
        queue.push(next);
      }
    }
    return null;
  }

  /** The representative of a hop with parallel edges: its youngest, as `chooseVictim` orders them. */
  private youngestBetween(from: string, to: string): WaitEdge {
    const parallel = this.outgoing.get(from)?.get(to) as WaitEdge[];
    let youngest = parallel[0] as WaitEdge;
    for (const edge of parallel) {
      if (isYoungerWait(edge, youngest)) youngest = edge;
    }
    return youngest;
  }
}

function walkBack(cameFrom: Map<string, string>, start: string, goal: string): string[] {
  const path = [goal];
  let node = goal;
  while (node !== start) {
    node = cameFrom.get(node) as string;
    path.push(node);
  }
  return path.reverse();
}
