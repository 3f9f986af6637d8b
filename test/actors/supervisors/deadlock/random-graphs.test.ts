/**
 * Property-style checks on seeded random graphs (no Math.random: a failure names its
 * seed and replays the same way). Against a brute-force reachability oracle:
 *
 * - `addEdge` reports a cycle exactly when the new edge's target already reached its
 *   source (or it is a self-wait), and the reported cycle is a real, elementary,
 *   shortest loop of edges present in the graph, ending with the new edge;
 * - after random adds, removals and node removals, `edges()` matches a plain model;
 * - `findCycles` reports exactly the nodes that reach themselves, grouped by mutual
 *   reachability.
 */
import { describe, expect, it } from 'vitest';
import {
  type Cycle,
  findCycles,
  type WaitEdge,
  WaitForGraph,
  type WaitKind,
} from '../../../../actors/supervisors/deadlock/index.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

const KINDS: readonly WaitKind[] = ['ask', 'lock', 'step'];

/** Breadth-first distances (in edges) from `start` over a plain edge list. */
function distancesFrom(start: string, edges: readonly { from: string; to: string }[]): Map<string, number> {
  const targets = new Map<string, string[]>();
  for (const edge of edges) targets.set(edge.from, [...(targets.get(edge.from) ?? []), edge.to]);
  const distance = new Map([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const next of targets.get(node) ?? []) {
      if (distance.has(next)) continue;
      distance.set(next, (distance.get(node) as number) + 1);
      queue.push(next);
    }
  }
  return distance;
}

function assertValidCycle(cycle: Cycle, closing: WaitEdge, present: ReadonlyMap<string, WaitEdge>): void {
  const { nodes, edges } = cycle;
  expect(nodes.length).toBe(edges.length);
  expect(new Set(nodes).size).toBe(nodes.length);
  expect(nodes[0]).toBe(closing.to);
  expect(nodes[nodes.length - 1]).toBe(closing.from);
  expect(edges[edges.length - 1]).toEqual(closing);
  edges.forEach((edge, index) => {
    expect(present.get(edge.token)).toEqual(edge);
    expect(edge.from).toBe(nodes[index]);
    expect(edge.to).toBe(nodes[(index + 1) % nodes.length]);
  });
}

function randomEdge(random: SeededRandom, nodeCount: number, serial: number): WaitEdge {
  return {
    from: `n${random.below(nodeCount)}`,
    to: `n${random.below(nodeCount)}`,
    kind: KINDS[random.below(KINDS.length)] as WaitKind,
    token: `t${serial}`,
    since: random.below(50),
  };
}

function pickToken(random: SeededRandom, model: ReadonlyMap<string, WaitEdge>): string | undefined {
  const tokens = [...model.keys()];
  return tokens[random.below(tokens.length)];
}

describe('WaitForGraph on random graphs', () => {
  // Seeds 1–40: small dense graphs, many cycles. Seeds 41–44: bigger graphs with long
  // runs of adds and removals, so the indexes sweep their vacant entries many times.
  it.each(Array.from({ length: 44 }, (_, index) => index + 1))(
    'agrees with brute-force reachability (seed %i)',
    (seed) => {
      const random = createSeededRandom(seed);
      const big = seed > 40;
      const nodeCount = big ? 200 : 3 + random.below(10);
      const steps = big ? 4_000 : 300;
      const graph = new WaitForGraph();
      const model = new Map<string, WaitEdge>();
      let cyclesSeen = 0;
      for (let step = 0; step < steps; step++) {
        const roll = random.next();
        if (roll < (big ? 0.5 : 0.6) || model.size === 0) {
          const edge = randomEdge(random, nodeCount, step);
          const before = [...model.values()];
          const distance = distancesFrom(edge.to, before).get(edge.from);
          model.set(edge.token, edge);
          const cycle = graph.addEdge(edge);
          expect(cycle !== null, `seed ${seed} step ${step}`).toBe(distance !== undefined);
          if (cycle !== null) {
            cyclesSeen++;
            assertValidCycle(cycle, edge, model);
            expect(cycle.nodes.length).toBe((distance as number) + 1);
          }
        } else if (roll < 0.9) {
          const token = pickToken(random, model) as string;
          expect(graph.removeEdge(token)).toBe(true);
          model.delete(token);
          expect(graph.removeEdge(token)).toBe(false);
        } else {
          const id = `n${random.below(nodeCount)}`;
          const expected = [...model.values()].filter((edge) => edge.from === id || edge.to === id);
          const removed = graph.removeNode(id);
          expect(removed.map((edge) => edge.token).sort()).toEqual(expected.map((edge) => edge.token).sort());
          for (const edge of expected) model.delete(edge.token);
          expect(graph.hasNode(id)).toBe(false);
        }
        expect(graph.size).toBe(model.size);
      }
      const byToken = (a: WaitEdge, b: WaitEdge) => (a.token < b.token ? -1 : 1);
      expect(graph.edges().sort(byToken)).toEqual([...model.values()].sort(byToken));
      for (const edge of model.values()) {
        const cycle = graph.cycleThrough(edge.token);
        const distance = distancesFrom(edge.to, [...model.values()]).get(edge.from);
        expect(cycle !== null).toBe(distance !== undefined);
      }
      // Sanity of the generator: most seeds produce cycles, so the check is not vacuous.
      if (seed <= 10) expect(cyclesSeen).toBeGreaterThan(0);
    },
  );
});

describe('findCycles on random graphs', () => {
  it.each(Array.from({ length: 40 }, (_, index) => index + 101))(
    'groups exactly the nodes on cycles by mutual reachability (seed %i)',
    (seed) => {
      const random = createSeededRandom(seed);
      const nodeCount = 2 + random.below(14);
      const edgeCount = random.below(nodeCount * 2);
      const nodes = Array.from({ length: nodeCount }, (_, index) => `n${index}`);
      const edges = Array.from({ length: edgeCount }, (_, serial) => randomEdge(random, nodeCount, serial));
      const reach = new Map(nodes.map((node) => [node, distancesFrom(node, edges)]));
      // A node is on a cycle when one of its successors reaches it back.
      const onCycle = nodes.filter((node) =>
        edges.some((edge) => edge.from === node && reach.get(edge.to)?.has(node)),
      );
      const found = findCycles(nodes, edges);
      expect(found.flatMap((entry) => entry.component).sort()).toEqual([...onCycle].sort());
      for (const { component, cycle } of found) {
        for (const a of component) {
          for (const b of component)
            expect(reach.get(a)?.has(b), `seed ${seed}: ${a} reaches ${b}`).toBe(true);
        }
        expect(cycle[0]).toBe(component[0]);
        expect(new Set(cycle).size).toBe(cycle.length);
        cycle.forEach((node, index) => {
          const next = cycle[(index + 1) % cycle.length];
          expect(edges.some((edge) => edge.from === node && edge.to === next)).toBe(true);
        });
        // Shortest through its first node: its length is the distance back to it.
        const back = Math.min(
          ...edges
            .filter((edge) => edge.from === cycle[0])
            .map((edge) => (reach.get(edge.to)?.get(cycle[0] as string) ?? Number.POSITIVE_INFINITY) + 1),
        );
        expect(cycle.length).toBe(back);
      }
    },
  );
});
