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
 * pair); `removeNode` O(its edges). Every index is a `BatchedDeleteMap`, because keys
 * come and go constantly (see there why a plain `Map` degrades).
 */
import { BatchedDeleteMap } from './batched-delete-map.js';
import { DuplicateWaitTokenError } from './errors.js';
import { isYoungerWait } from './victim.js';
import { assertWaitEdge, type Cycle, type WaitEdge } from './wait-edge.js';

/** One node's edges, both ways. The two ends of a pair share one array of parallel edges. */
interface WaitNode {
  /** to → the parallel edges from this node to `to` (never empty while present). */
  readonly waitsFor: BatchedDeleteMap<WaitEdge[]>;
  /** from → the parallel edges from `from` to this node (the same arrays). */
  readonly waitedOnBy: BatchedDeleteMap<WaitEdge[]>;
}

export class WaitForGraph {
  /** Every edge by its token. */
  private readonly byToken = new BatchedDeleteMap<WaitEdge>();
  /** Every node with at least one edge, in or out. */
  private readonly nodes = new BatchedDeleteMap<WaitNode>();

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
    const waiter = this.nodeFor(stored.from);
    const parallel = waiter.waitsFor.get(stored.to);
    if (parallel === undefined) {
      const pair = [stored];
      waiter.waitsFor.set(stored.to, pair);
      this.nodeFor(stored.to).waitedOnBy.set(stored.from, pair);
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
    const waiter = this.nodes.get(edge.from) as WaitNode;
    const parallel = waiter.waitsFor.get(edge.to) as WaitEdge[];
    if (parallel.length > 1) {
      parallel.splice(parallel.indexOf(edge), 1);
      return true;
    }
    const holder = this.nodes.get(edge.to) as WaitNode;
    waiter.waitsFor.delete(edge.to);
    holder.waitedOnBy.delete(edge.from);
    this.forgetIfIdle(edge.from, waiter);
    this.forgetIfIdle(edge.to, holder);
    return true;
  }

  /** Remove every edge into or out of `id` (it stopped, or was failed); returns them. */
  removeNode(id: string): WaitEdge[] {
    const node = this.nodes.get(id);
    if (node === undefined) return [];
    const removed: WaitEdge[] = [];
    for (const parallel of node.waitsFor.values()) removed.push(...parallel);
    for (const from of node.waitedOnBy.keys()) {
      // A self-wait is both outgoing and incoming; it was collected above.
      if (from !== id) removed.push(...(node.waitedOnBy.get(from) as WaitEdge[]));
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
    return [...(this.nodes.get(from)?.waitsFor.get(to) ?? [])];
  }

  /** Every edge (a copy), in no promised order. */
  edges(): WaitEdge[] {
    return [...this.byToken.values()];
  }

  /** Whether `id` has any edge in or out. */
  hasNode(id: string): boolean {
    return this.nodes.has(id);
  }

  private nodeFor(id: string): WaitNode {
    let node = this.nodes.get(id);
    if (node === undefined) {
      node = { waitsFor: new BatchedDeleteMap(), waitedOnBy: new BatchedDeleteMap() };
      this.nodes.set(id, node);
    }
    return node;
  }

  private forgetIfIdle(id: string, node: WaitNode): void {
    if (node.waitsFor.size === 0 && node.waitedOnBy.size === 0) this.nodes.delete(id);
  }

  private cycleClosedBy(closing: WaitEdge): Cycle | null {
    if (closing.from === closing.to) return { nodes: [closing.from], edges: [closing] };
    // Nobody waits for `from`, or `to` waits for nobody: no path can lead back.
    if (this.nodes.get(closing.from)?.waitedOnBy.size === 0) return null;
    if (this.nodes.get(closing.to)?.waitsFor.size === 0) return null;
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
      const targets = this.nodes.get(node)?.waitsFor;
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
    const parallel = this.nodes.get(from)?.waitsFor.get(to) as WaitEdge[];
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
