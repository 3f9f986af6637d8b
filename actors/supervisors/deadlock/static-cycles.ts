/**
 * Cycles in a static graph, checked all at once: a workflow definition whose steps wait
 * for one another must have none, and this names them before anything runs.
 *
 * Tarjan's algorithm (iterative, so a long chain cannot overflow the call stack) finds
 * the strongly connected components; each one with more than one node, or with a
 * self-edge, holds at least one cycle. For each we return the component and one
 * shortest elementary cycle through its smallest node.
 *
 * The answer depends only on the sets of nodes and edges, not on their order: members
 * are sorted (code-unit order), components are ordered by their smallest member, and the
 * cycle is searched breadth first with neighbours taken in sorted order.
 *
 * What it does not do: follow a graph that changes (that is `wait-for-graph.ts`), or
 * list every elementary cycle (there can be exponentially many).
 */
import { InternalError } from '../../../src/kernel/index.js';

export interface StaticEdge {
  readonly from: string;
  readonly to: string;
}

export interface StaticCycle {
  /** The strongly connected component holding the cycle, sorted. */
  readonly component: readonly string[];
  /**
   * One elementary cycle in wait order, starting at `component[0]`: each node waits for
   * the next and the last for the first (not repeated). A self-edge is `[a]`.
   */
  readonly cycle: readonly string[];
}

/**
 * Every strongly connected component of the graph that contains a cycle, with one cycle
 * each. Nodes that appear only in `edges` are included; `nodes` may add isolated ones.
 */
export function findCycles(nodes: Iterable<string>, edges: Iterable<StaticEdge>): StaticCycle[] {
  const graph = indexGraph(nodes, edges);
  const cycles: StaticCycle[] = [];
  for (const members of stronglyConnectedComponents(graph)) {
    if (members.length === 1 && !graph.selfLoop[members[0] as number]) continue;
    const names = members.map((id) => graph.names[id] as string).sort(compareNames);
    cycles.push({ component: names, cycle: shortestCycleFrom(graph, names[0] as string, new Set(members)) });
  }
  return cycles.sort((a, b) => compareNames(a.component[0] as string, b.component[0] as string));
}

/** Nodes as dense integers, adjacency in compressed rows (targets of `n` at `start[n]…start[n+1]`). */
interface IndexedGraph {
  readonly names: string[];
  readonly ids: Map<string, number>;
  readonly start: Int32Array;
  readonly targets: Int32Array;
  readonly selfLoop: Uint8Array;
}

function indexGraph(nodes: Iterable<string>, edges: Iterable<StaticEdge>): IndexedGraph {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const intern = (name: string): number => {
    let id = ids.get(name);
    if (id === undefined) {
      id = names.length;
      ids.set(name, id);
      names.push(name);
    }
    return id;
  };
  for (const node of nodes) intern(node);
  const sources: number[] = [];
  const sinks: number[] = [];
  for (const edge of edges) {
    sources.push(intern(edge.from));
    sinks.push(intern(edge.to));
  }
  const start = new Int32Array(names.length + 1);
  for (const source of sources) start[source + 1] = (start[source + 1] as number) + 1;
  for (let node = 0; node < names.length; node++) {
    start[node + 1] = (start[node + 1] as number) + (start[node] as number);
  }
  const fill = start.slice(0, names.length);
  const targets = new Int32Array(sources.length);
  const selfLoop = new Uint8Array(names.length);
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index] as number;
    const sink = sinks[index] as number;
    const slot = fill[source] as number;
    targets[slot] = sink;
    fill[source] = slot + 1;
    if (source === sink) selfLoop[source] = 1;
  }
  return { names, ids, start, targets, selfLoop };
}

/** Tarjan's SCC, iterative: a frame per node on the DFS path, resuming at its next edge. */
function stronglyConnectedComponents(graph: IndexedGraph): number[][] {
  const count = graph.names.length;
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const pathNodes: number[] = [];
  const pathNextEdge: number[] = [];
  const components: number[][] = [];
  let visited = 0;
  const enter = (node: number) => {
    order[node] = low[node] = visited++;
    stack.push(node);
    onStack[node] = 1;
    pathNodes.push(node);
    pathNextEdge.push(graph.start[node] as number);
  };
  for (let root = 0; root < count; root++) {
    if ((order[root] as number) >= 0) continue;
    enter(root);
    while (pathNodes.length > 0) {
      const top = pathNodes.length - 1;
      const node = pathNodes[top] as number;
      const edge = pathNextEdge[top] as number;
      if (edge < (graph.start[node + 1] as number)) {
        pathNextEdge[top] = edge + 1;
        const target = graph.targets[edge] as number;
        if ((order[target] as number) < 0) enter(target);
        else if (onStack[target]) low[node] = Math.min(low[node] as number, order[target] as number);
        continue;
      }
      pathNodes.pop();
      pathNextEdge.pop();
      if (low[node] === order[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
      const parent = pathNodes[pathNodes.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[node] as number);
    }
  }
  return components;
}

/** Breadth first from `origin` within `members`, neighbours in sorted order, back to `origin`. */
function shortestCycleFrom(graph: IndexedGraph, origin: string, members: ReadonlySet<number>): string[] {
  const originId = graph.ids.get(origin) as number;
  const cameFrom = new Map<number, number>();
  const queue = [originId];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    const neighbours: number[] = [];
    for (let edge = graph.start[node] as number; edge < (graph.start[node + 1] as number); edge++) {
      const target = graph.targets[edge] as number;
      if (members.has(target)) neighbours.push(target);
    }
    neighbours.sort((a, b) => compareNames(graph.names[a] as string, graph.names[b] as string));
    for (const next of neighbours) {
      if (next === originId) return walkBack(graph, cameFrom, node, originId);
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  throw new InternalError(`unreachable: ${origin} is in a cyclic component but no cycle leads back to it`);
}

function walkBack(
  graph: IndexedGraph,
  cameFrom: Map<number, number>,
  last: number,
  origin: number,
): string[] {
  const path = [graph.names[last] as string];
  for (let node = last; node !== origin; ) {
    node = cameFrom.get(node) as number;
    path.push(graph.names[node] as string);
  }
  return path.reverse();
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
