/**
 * The supervision tree as an indented table: each actor's kind, status, thread, mailbox depth,
 * restarts and messages processed, children under their parent. A large tree is cut at
 * `MAX_ROWS` rows (the rest counted), so the page stays quick.
 */
import { badge, h, table } from './dom.js';

const MAX_ROWS = 400;

export function treeTable({ tree }) {
  const rows = [];
  let hidden = 0;
  const visit = (node, depth, detached) => {
    if (rows.length >= MAX_ROWS) {
      hidden += 1;
    } else {
      rows.push(
        h(
          'tr',
          { 'data-actor': node.id, class: node.restarts > 0 ? 'restarted' : undefined },
          h(
            'td',
            { class: 'mono' },
            h('span', { class: `indent d${Math.min(depth, 8)}` }),
            node.id,
            detached ? h('span', { class: 'dim' }, ' (detached)') : null,
          ),
          h('td', { title: node.kind }, node.kind.slice(node.kind.lastIndexOf('#') + 1)),
          h('td', {}, badge(node.status)),
          h('td', { class: 'num' }, node.thread),
          h('td', { class: 'num' }, node.mailbox_depth),
          h('td', { class: 'num' }, node.restarts),
          h('td', { class: 'num' }, node.processed),
        ),
      );
    }
    for (const child of node.children) visit(child, depth + 1, detached);
  };
  for (const node of tree.children) visit(node, 0, false);
  for (const node of tree.detached) visit(node, 0, true);
  return [
    table(['actor', 'kind', 'status', 'thread', 'mailbox', 'restarts', 'processed'], rows, 'No actor runs.'),
    hidden > 0
      ? h('p', { class: 'dim' }, `… and ${hidden} more actors (use troupe inspect tree for all).`)
      : null,
  ];
}
