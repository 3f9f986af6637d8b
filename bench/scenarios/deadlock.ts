/**
 * Scenario deadlock: what the deadlock detector's incremental check costs per new wait,
 * in a wait-for graph of ~100 K edges, against checking the whole graph from scratch.
 *
 * The graph is a realistic forest of waits, not one huge strongly connected blob:
 * 10 000 chains of 5 asks (A waits for B waits for … F) and 1 283 scatter-gather trees
 * (a root awaits 3 children, each awaits 3, each awaits 3: 40 nodes, 39 edges), 100 037
 * edges in all. The incremental check searches only what the new edge's target reaches,
 * so its cost grows with the size of one component (≤ 40 nodes here), not the graph.
 *
 * - Closing edge: a chain's tail waits for its head, or a tree's leaf for its root (the
 *   search walks the whole tree before it meets the leaf). Each is added, must report a
 *   cycle, and is removed again. Goal: ≤ 5 ms.
 * - Non-closing edge: the tail or leaf of one component waits for the root of another;
 *   the search walks that whole component and finds nothing. (A wait by someone nobody
 *   waits for is answered in O(1) without a search; not measured here.)
 * - Baseline, same run: a full cycle check from scratch per added edge, i.e. Tarjan's SCC
 *   over all edges (`findCycles` of `static-cycles.ts`, integer-indexed, iterative).
 * - Plain ask, the common case the kernel feeds for every ask: one of 1 000 clients asks
 *   one of 100 servers that wait for nobody, so no search runs; the edge is added and
 *   removed (its reply came). Baseline: the least any tracking costs, a `Map` set and
 *   delete of the same edge by token.
 *
 * Everything runs on this thread, synchronously; latencies are per `addEdge` call,
 * timed with `process.hrtime.bigint()`, after an untimed warm-up.
 */
import { deadlock as detection } from '../../src/index.js';
import { type LatencySummary, microsSince, summarizeLatency } from '../harness/latency.js';
import { type BenchResult, createResult } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

const { findCycles } = detection;
const WaitForGraph = detection.WaitForGraph;
type WaitForGraph = detection.WaitForGraph;
type WaitEdge = detection.WaitEdge;

const CHAINS = 10_000;
const CHAIN_EDGES = 5;
const TREES = 1_283;
const TREE_BRANCHING = 3;
/** Nodes of a tree of depth 3: 1 + 3 + 9 + 27. */
const TREE_NODES = 40;
const TREE_INNER_NODES = 13;
const WARMUP = 2_000;
const SAMPLES = 1_000;
const BASELINE_SAMPLES = 15;
const SEED = 0x5eed;
const CLIENTS = 1_000;
const SERVERS = 100;
const PLAIN_ASKS = 200_000;

/** Seeded mulberry32, so every run builds and probes the same graph. */
function createRandom(seed: number): (limit: number) => number {
  let state = seed >>> 0;
  return (limit) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return Math.floor((((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296) * limit);
  };
}

/** A component of the forest: who waits for nobody-waits-for-it (root) and one deepest waiter. */
interface Component {
  readonly root: string;
  readonly deepest: readonly string[];
}

interface Forest {
  readonly graph: WaitForGraph;
  readonly components: readonly Component[];
}

function buildForest(): Forest {
  const graph = new WaitForGraph();
  const components: Component[] = [];
  let serial = 0;
  const wait = (from: string, to: string) => {
    serial++;
    graph.addEdge({ from, to, kind: 'ask', token: `ask-${serial}`, since: serial });
  };
  for (let chain = 0; chain < CHAINS; chain++) {
    const node = (step: number) => `chain-${chain}/actor-${step}`;
    for (let step = 0; step < CHAIN_EDGES; step++) wait(node(step), node(step + 1));
    components.push({ root: node(0), deepest: [node(CHAIN_EDGES)] });
  }
  for (let tree = 0; tree < TREES; tree++) {
    const node = (index: number) => `tree-${tree}/actor-${index}`;
    for (let parent = 0; parent < TREE_INNER_NODES; parent++) {
      for (let child = 1; child <= TREE_BRANCHING; child++)
        wait(node(parent), node(parent * TREE_BRANCHING + child));
    }
    const leaves: string[] = [];
    for (let leaf = TREE_INNER_NODES; leaf < TREE_NODES; leaf++) leaves.push(node(leaf));
    components.push({ root: node(0), deepest: leaves });
  }
  return { graph, components };
}

type Probe = (index: number) => WaitEdge;

/** Edges that close a cycle: a tail or leaf of a random component waits for its root. */
function closingProbes(forest: Forest, random: (limit: number) => number): Probe {
  return (index) => {
    const component = forest.components[random(forest.components.length)] as Component;
    const from = component.deepest[random(component.deepest.length)] as string;
    return { from, to: component.root, kind: 'ask', token: `closing-${index}`, since: 1e9 + index };
  };
}

/** Edges that close nothing: a tail or leaf of one component waits for another's root. */
function nonClosingProbes(forest: Forest, random: (limit: number) => number): Probe {
  const count = forest.components.length;
  return (index) => {
    const source = random(count);
    const target = (source + 1 + random(count - 1)) % count;
    const waiter = forest.components[source] as Component;
    const from = waiter.deepest[random(waiter.deepest.length)] as string;
    const to = (forest.components[target] as Component).root;
    return { from, to, kind: 'lock', token: `open-${index}`, since: 1e9 + index };
  };
}

/** Time `addEdge` of each probe (removing it again); check it closes a cycle or not as expected. */
function timeIncremental(graph: WaitForGraph, probe: Probe, count: number, closes: boolean): number[] {
  const micros: number[] = [];
  for (let index = 0; index < count; index++) {
    const edge = probe(index);
    const start = process.hrtime.bigint();
    const cycle = graph.addEdge(edge);
    micros.push(microsSince(start));
    graph.removeEdge(edge.token);
    if ((cycle !== null) !== closes) throw new Error(`deadlock bench: ${edge.from} -> ${edge.to} misjudged`);
  }
  return micros;
}

/** Time a from-scratch Tarjan over all edges plus each probe. */
function timeFromScratch(edges: WaitEdge[], probe: Probe, count: number, closes: boolean): number[] {
  const micros: number[] = [];
  for (let index = 0; index < count; index++) {
    edges.push(probe(index));
    const start = process.hrtime.bigint();
    const found = findCycles([], edges).length > 0;
    micros.push(microsSince(start));
    edges.pop();
    if (found !== closes) throw new Error('deadlock bench: the from-scratch baseline misjudged a probe');
  }
  return micros;
}

interface Comparison {
  readonly ours: LatencySummary;
  readonly baseline: LatencySummary;
}

function compare(forest: Forest, makeProbe: typeof closingProbes, closes: boolean): Comparison {
  const random = createRandom(SEED + (closes ? 1 : 2));
  const probe = makeProbe(forest, random);
  timeIncremental(forest.graph, probe, WARMUP, closes);
  const ours = summarizeLatency(timeIncremental(forest.graph, probe, SAMPLES, closes));
  const edges = forest.graph.edges();
  timeFromScratch(edges, probe, 2, closes);
  const baseline = summarizeLatency(timeFromScratch(edges, probe, BASELINE_SAMPLES, closes));
  return { ours, baseline };
}

function speedup(comparison: Comparison, percentile: 'p50' | 'p99'): string {
  return Math.round(comparison.baseline[percentile] / comparison.ours[percentile]).toLocaleString('en-US');
}

function results(kind: string, comparison: Comparison, edgeCount: number, note: string): BenchResult[] {
  const baselineName = `Tarjan SCC over all ${Math.round(edgeCount / 1000)} K edges from scratch`;
  return (['p50', 'p99'] as const).map((percentile) =>
    createResult(
      {
        scenario: 'deadlock',
        metric: `${kind} edge, addEdge ${percentile}`,
        unit: 'µs',
        better: 'lower',
        baseline: { name: `${baselineName} (${percentile})`, value: comparison.baseline[percentile] },
        note: `${note}; ${percentile}: ours ${speedup(comparison, percentile)}× faster than from scratch`,
      },
      comparison.ours[percentile],
    ),
  );
}

/** Per plain ask (add + remove), in µs: the median of 3 timed runs after 1 warm-up. */
function timePlainAsks(track: (edge: WaitEdge) => void): number {
  const clients = Array.from({ length: CLIENTS }, (_, index) => `client-${index}`);
  const servers = Array.from({ length: SERVERS }, (_, index) => `server-${index}`);
  const perAsk: number[] = [];
  for (let run = 0; run < 4; run++) {
    const edges: WaitEdge[] = [];
    for (let index = 0; index < PLAIN_ASKS; index++) {
      const [from, to] = [clients[index % CLIENTS] as string, servers[index % SERVERS] as string];
      edges.push({ from, to, kind: 'ask', token: `${run}:${index}`, since: index });
    }
    const start = process.hrtime.bigint();
    for (const edge of edges) track(edge);
    if (run > 0) perAsk.push(microsSince(start) / PLAIN_ASKS);
  }
  return perAsk.sort((a, b) => a - b)[1] as number;
}

function plainAskResult(graph: WaitForGraph): BenchResult {
  const ours = timePlainAsks((edge) => {
    if (graph.addEdge(edge) !== null) throw new Error('deadlock bench: a plain ask closed a cycle');
    graph.removeEdge(edge.token);
  });
  const byToken = new Map<string, WaitEdge>();
  const baseline = timePlainAsks((edge) => {
    byToken.set(edge.token, edge);
    byToken.delete(edge.token);
  });
  return createResult(
    {
      scenario: 'deadlock',
      metric: 'plain ask edge (no search), add + remove',
      unit: 'µs',
      better: 'lower',
      baseline: { name: 'Map set + delete by token', value: baseline },
      note: `${PLAIN_ASKS} asks from ${CLIENTS} clients to ${SERVERS} servers that wait for nobody, in the same 100 K-edge graph; median of 3 runs after 1 warm-up`,
    },
    ours,
  );
}

export const deadlock: Scenario = {
  name: 'deadlock',
  description: 'incremental wait-for cycle check per new edge (100 K edges) vs full Tarjan per edge',
  async run() {
    const forest = buildForest();
    const edgeCount = forest.graph.size;
    const closing = compare(forest, closingProbes, true);
    const open = compare(forest, nonClosingProbes, false);
    const shape =
      `${edgeCount} edges: ${CHAINS} chains of ${CHAIN_EDGES} asks + ${TREES} scatter-gather trees ` +
      `(${TREE_NODES} nodes, branching ${TREE_BRANCHING}); a forest of short waits, not one big strongly connected component`;
    const sampling = `ours ${SAMPLES} samples after ${WARMUP} warm-up, baseline ${BASELINE_SAMPLES} (its p99 is their max)`;
    return [
      ...results(
        'closing',
        closing,
        edgeCount,
        `${shape}; a tail/leaf waits for its component's root, cycle reported, edge removed; goal ≤ 5000 µs; ${sampling}`,
      ),
      ...results(
        'non-closing',
        open,
        edgeCount,
        `same graph; a tail/leaf waits for another component's root (whole component searched); ${sampling}`,
      ),
      plainAskResult(forest.graph),
    ];
  },
};
