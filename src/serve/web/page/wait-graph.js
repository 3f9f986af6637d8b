/**
 * The wait-for graph, drawn with cytoscape (served from the package: no CDN): a node per
 * waiter or waited-for, an edge per wait now (labelled with its kind and path), and the
 * cycles of the recent deadlocks the detector broke in red — the failed wait (the victim)
 * dashed. A cycle among the live waits (before the detector breaks it) is red too. The layout
 * is recomputed only when the set of nodes changes, so the graph does not jump on each poll.
 * The container carries the drawn node and edge ids (`data-nodes`, `data-edges`) for scripts.
 */
import cytoscape from '/inspector/vendor/cytoscape.mjs';
import { bare } from './tables.js';

/** Deadlocks this recent are drawn in the graph (all of them stay in the list beside it). */
const RECENT_MS = 5 * 60_000;

const STYLE = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      color: '#e6e9ef',
      'font-size': 12,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'background-color': '#4c8bf5',
      width: 22,
      height: 22,
    },
  },
  {
    selector: 'node.in-cycle',
    style: { 'background-color': '#ef4444', 'border-width': 3, 'border-color': '#fca5a5' },
  },
  {
    selector: 'edge',
    style: {
      width: 2,
      'line-color': '#9aa4b2',
      'target-arrow-color': '#9aa4b2',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 10,
      color: '#c3c9d3',
      'text-rotation': 'autorotate',
      'text-background-color': '#161a22',
      'text-background-opacity': 1,
      'text-background-padding': 2,
    },
  },
  { selector: 'edge.cycle', style: { 'line-color': '#ef4444', 'target-arrow-color': '#ef4444', width: 3 } },
  { selector: 'edge.victim', style: { 'line-style': 'dashed' } },
];

/** The nodes on a cycle of `edges` (strongly connected components of more than one node, or a self-loop). */
export function nodesOnCycles(edges) {
  const next = new Map();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = new Set();
  let counter = 0;
  const connect = (node) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node), index.get(to)));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    for (let member = stack.pop(); ; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) for (const member of component) found.add(member);
  };
  for (const node of next.keys()) if (!index.has(node)) connect(node);
  return found;
}

export function createWaitGraph(container) {
  const graph = cytoscape({ container, style: STYLE, userZoomingEnabled: true, maxZoom: 2, minZoom: 0.3 });
  let drawnNodes = '';
  return {
    update({ waits, deadlocks }, now) {
      const recent = deadlocks.filter((deadlock) => now - Date.parse(deadlock.at) < RECENT_MS);
      const edges = new Map();
      const cycleNodes = nodesOnCycles(waits);
      for (const wait of waits) {
        const id = `${wait.from}->${wait.to}`;
        const onCycle = cycleNodes.has(wait.from) && cycleNodes.has(wait.to);
        edges.set(id, {
          id,
          from: wait.from,
          to: wait.to,
          label: wait.about ? `${wait.kind} ${wait.about}` : wait.kind,
          classes: onCycle ? 'cycle' : '',
        });
      }
      for (const deadlock of recent) {
        const { cycle, victim } = deadlock;
        for (const node of cycle) cycleNodes.add(node);
        for (let step = 0; step + 1 < cycle.length; step++) {
          const [from, to] = [cycle[step], cycle[step + 1]];
          const id = `${from}->${to}`;
          const isVictim = from === victim.from && to === victim.to;
          const label = isVictim
            ? `${victim.kind}${victim.about ? ` ${victim.about}` : ''} (failed)`
            : (edges.get(id)?.label ?? '');
          edges.set(id, { id, from, to, label, classes: isVictim ? 'cycle victim' : 'cycle' });
        }
      }
      const nodes = [...new Set([...edges.values()].flatMap((edge) => [edge.from, edge.to]))].sort();
      const positions = new Map(graph.nodes().map((node) => [node.id(), { ...node.position() }]));
      graph.batch(() => {
        graph.elements().remove();
        graph.add(
          nodes.map((id) => ({
            group: 'nodes',
            data: { id, label: bare(id) },
            classes: cycleNodes.has(id) ? 'in-cycle' : '',
          })),
        );
        graph.add(
          [...edges.values()].map((edge) => ({
            group: 'edges',
            data: { id: edge.id, source: edge.from, target: edge.to, label: edge.label },
            classes: edge.classes,
          })),
        );
      });
      const key = nodes.join(' ');
      if (key !== drawnNodes || nodes.length === 0) {
        drawnNodes = key;
        graph.layout({ name: nodes.length > 6 ? 'cose' : 'circle', animate: false, padding: 30 }).run();
      } else {
        graph.nodes().positions((node) => positions.get(node.id()));
      }
      container.dataset.nodes = nodes.join(' ');
      container.dataset.edges = [...edges.values()]
        .map((edge) => `${edge.id}${edge.classes ? `:${edge.classes.replace(' ', '+')}` : ''}`)
        .join(' ');
    },
  };
}
