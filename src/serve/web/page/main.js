/**
 * The web inspector's entry: follows the runtime (`feed.js`: pushed snapshots) and redraws
 * each panel from each snapshot — the same views `troupe inspect` shows. A view the runtime could not answer shows
 * why in its panel. `window.troupeInspector.snapshots` counts the snapshots drawn (for scripts).
 */
import { age, h, show } from './dom.js';
import { startFeed } from './feed.js';
import { createRunsPanel } from './runs.js';
import { agentsTable, deadlockItems, incidentsList, locksTable, serversTable, waitItems } from './tables.js';
import { treeTable } from './tree.js';
import { createWaitGraph } from './wait-graph.js';

const byId = (id) => document.getElementById(id);
const graph = createWaitGraph(byId('wait-graph'));
const runs = createRunsPanel(byId('run-list'));
const state = { snapshots: 0 };
window.troupeInspector = state;

/** Each view's panel and how it is drawn into it. */
const PANELS = new Map([
  ['agents', (data, now) => show(byId('agent-table'), agentsTable(data, now))],
  ['locks', (data, now) => show(byId('lock-table'), locksTable(data, now))],
  ['servers', (data) => show(byId('server-table'), serversTable(data))],
  ['incidents', (data) => show(byId('incident-list'), incidentsList(data))],
  ['tree', (data) => show(byId('tree-table'), treeTable(data))],
  ['runs', (data, now) => runs.update(data, now)],
  [
    'waits',
    (data, now) => {
      graph.update(data, now);
      show(byId('wait-list'), waitItems(data, now));
      show(byId('deadlock-list'), deadlockItems(data, now));
    },
  ],
]);

/** Where a view that failed says so. */
const FAILURE_TARGET = new Map([
  ['agents', 'agent-table'],
  ['locks', 'lock-table'],
  ['servers', 'server-table'],
  ['incidents', 'incident-list'],
  ['tree', 'tree-table'],
  ['runs', 'run-list'],
  ['waits', 'wait-list'],
]);

function draw(snapshot) {
  const now = Date.parse(snapshot.at);
  for (const slot of snapshot.views) {
    if ('error' in slot) {
      const target = byId(FAILURE_TARGET.get(slot.view));
      if (target) show(target, h('p', { class: 'unreadable' }, `Not readable: ${slot.error}`));
      continue;
    }
    PANELS.get(slot.view)?.(slot, now);
  }
  state.snapshots += 1;
  state.at = snapshot.at;
  const line = byId('connection');
  line.className = 'connection live';
  line.textContent = `live · read ${new Date(now).toLocaleTimeString()}`;
}

let lastGood = Date.now();
startFeed(
  (snapshot) => {
    lastGood = Date.now();
    draw(snapshot);
  },
  (trouble) => {
    const line = byId('connection');
    line.className = 'connection down';
    line.textContent = `${trouble} · last data ${age(new Date(lastGood).toISOString(), Date.now())} ago`;
  },
);
