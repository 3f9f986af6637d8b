/**
 * A workflow run drawn as its DAG, with cytoscape (served from the package: no CDN): a node
 * per step, coloured by its status, an edge from each step to the steps that wait for it
 * (`dependsOn`, from the definition version the run started with), and a compensation step
 * hung dashed under the step it undoes. Laid out in layers with the `breadthfirst` layout that
 * ships with cytoscape, turned to run left to right; the layout is recomputed only when the
 * steps or edges change, so a snapshot that only moves statuses does not move the nodes. The
 * container carries what is drawn (`data-nodes`: `step:status …`, `data-edges`) for scripts.
 * It owns the graph of one run, not the run's card or timeline (`runs.js`).
 */
import cytoscape from '/inspector/vendor/cytoscape.mjs';

const TONE_COLOURS = new Map([
  ['completed', '#22c55e'],
  ['running', '#4c8bf5'],
  ['waiting', '#f59e0b'],
  ['ready', '#64748b'],
  ['pending', '#3b4252'],
  ['skipped', '#475569'],
  ['failed', '#ef4444'],
  ['cancelled', '#ef4444'],
]);

const STYLE = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      label: 'data(label)',
      color: '#e6e9ef',
      'font-size': 11,
      'text-valign': 'center',
      'text-halign': 'center',
      width: 'label',
      height: 22,
      padding: 8,
      'background-color': 'data(colour)',
      'border-width': 1,
      'border-color': '#262c38',
    },
  },
  { selector: 'node.running, node.waiting', style: { 'border-width': 2, 'border-color': '#fde68a' } },
  { selector: 'node.skipped', style: { color: '#8b94a3' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#5b6474',
      'target-arrow-color': '#5b6474',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge.compensation', style: { 'line-style': 'dashed', 'line-color': '#ef4444' } },
];

/** The nodes and edges of a run's steps. */
export function runGraph(steps) {
  const names = new Set(steps.map((step) => step.name));
  const nodes = steps.map((step) => {
    const children = step.children ?? [];
    const done = children.filter((child) => child.status === 'completed').length;
    return {
      id: step.name,
      status: step.status,
      label: children.length > 0 ? `${step.name} ${done}/${children.length}` : step.name,
    };
  });
  const edges = steps.flatMap((step) => [
    ...(step.dependsOn ?? [])
      .filter((name) => names.has(name))
      .map((name) => ({ id: `${name}->${step.name}`, from: name, to: step.name, classes: '' })),
    ...(step.compensates !== undefined && names.has(step.compensates)
      ? [
          {
            id: `${step.compensates}->${step.name}`,
            from: step.compensates,
            to: step.name,
            classes: 'compensation',
          },
        ]
      : []),
  ]);
  return { nodes, edges };
}

/** Horizontal distance between layers (a step and the steps that wait for it). */
const LAYER_GAP = 130;

/** How many steps each layer holds (a step's layer: the longest chain of dependencies before it). */
function layersOf(nodes, edges) {
  const before = new Map(nodes.map((node) => [node.id, []]));
  for (const edge of edges) before.get(edge.to)?.push(edge.from);
  const depth = new Map();
  const depthOf = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const found = Math.max(-1, ...(before.get(id) ?? []).map((from) => depthOf(from, seen))) + 1;
    depth.set(id, found);
    return found;
  };
  const layers = new Map();
  for (const node of nodes) {
    const layer = depthOf(node.id);
    layers.set(layer, (layers.get(layer) ?? 0) + 1);
  }
  return layers;
}

export function createRunDag(container) {
  const graph = cytoscape({
    container,
    style: STYLE,
    userZoomingEnabled: false,
    userPanningEnabled: false,
    autoungrabify: true,
    boxSelectionEnabled: false,
    maxZoom: 1.1,
  });
  let drawnShape = '';
  return {
    update(steps) {
      const { nodes, edges } = runGraph(steps);
      const shape = `${nodes.map((node) => node.id).join(' ')}|${edges.map((edge) => edge.id).join(' ')}`;
      if (shape !== drawnShape) {
        drawnShape = shape;
        graph.batch(() => {
          graph.elements().remove();
          // Labelled before the layout: a node is as wide as its label.
          graph.add(nodes.map((node) => ({ group: 'nodes', data: { id: node.id, label: node.label } })));
          graph.add(
            edges.map((edge) => ({
              group: 'edges',
              data: { id: edge.id, source: edge.from, target: edge.to },
              classes: edge.classes,
            })),
          );
        });
        const targets = new Set(edges.map((edge) => edge.to));
        const layers = layersOf(nodes, edges);
        const widest = Math.max(1, ...[...layers.values()].map((count) => count));
        graph
          .layout({
            name: 'breadthfirst',
            directed: true,
            maximal: true,
            roots: graph.nodes().filter((node) => !targets.has(node.id())),
            boundingBox: { x1: 0, y1: 0, w: widest * 44, h: layers.size * LAYER_GAP },
            padding: 12,
            animate: false,
            // breadthfirst lays layers top-down; a run reads left to right.
            transform: (_node, position) => ({ x: position.y, y: position.x }),
          })
          .run();
        graph.fit(undefined, 12);
      }
      graph.batch(() => {
        for (const node of nodes) {
          const element = graph.getElementById(node.id);
          element.data({ label: node.label, colour: TONE_COLOURS.get(node.status) ?? '#3b4252' });
          element.classes(node.status);
        }
      });
      container.dataset.nodes = nodes.map((node) => `${node.id}:${node.status}`).join(' ');
      container.dataset.edges = edges.map((edge) => edge.id).join(' ');
    },
    /** Fit again after the container moved or changed size. */
    refit() {
      graph.resize();
      graph.fit(undefined, 12);
    },
    destroy() {
      graph.destroy();
    },
  };
}
