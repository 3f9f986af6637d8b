/**
 * A runnable example of the embedding API (`npm run demo`): spawn a coordinator, send it
 * lines, watch a failing child get restarted, read the supervision tree, shut down.
 */
import { createActorSystem } from '../src/kernel/index.js';
import { Coordinator } from './word-count-actors.js';

const lines = [
  'The quick brown fox jumps over the lazy dog',
  'An actor handles one message at a time',
  'Supervisors restart what fails and the dog sleeps on',
];

const system = createActorSystem({ threads: 2 });
system.subscribe((event) => {
  if (event.type === 'actor-failed' || event.type === 'actor-restarted' || event.type === 'dead-letter') {
    process.stderr.write(
      `event: ${event.type} ${event.type === 'dead-letter' ? `${event.to} (${event.reason})` : event.id}\n`,
    );
  }
});

const coordinator = await system.spawn(Coordinator, { args: { tallies: 4 } });
for (let round = 0; round < 250; round++) for (const text of lines) coordinator.tell({ type: 'line', text });
// One bad line: its tally fails, is restarted (losing its in-memory counts) and goes on.
coordinator.tell({ type: 'line', text: 'this line is poison' });

const totals = await coordinator.ask<Record<string, number>>({ type: 'totals' });
const top = Object.entries(totals)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 5);
process.stdout.write(`top words: ${top.map(([w, n]) => `${w}=${n}`).join(' ')}\n`);

const tree = await system.inspect();
for (const node of tree.children) {
  process.stdout.write(`${node.id} (thread ${node.thread}, processed ${node.processed})\n`);
  for (const child of node.children) {
    process.stdout.write(
      `  └ ${child.id} thread=${child.thread} processed=${child.processed} restarts=${child.restarts}\n`,
    );
  }
}
await system.shutdown();
