/**
 * Assemble the supervision tree from the flat actor lists each thread reports.
 */

import type { ActorInfo, ActorTreeNode, SupervisionTree } from '../wire/control.js';
import type { SystemEvent } from '../wire/events.js';

export function buildSupervisionTree(
  actors: readonly ActorInfo[],
  incidents: readonly SystemEvent[] = [],
): SupervisionTree {
  const nodes = new Map<string, ActorTreeNode>();
  for (const info of actors) nodes.set(info.id, { ...info, children: [] });
  const children: ActorTreeNode[] = [];
  const detached: ActorTreeNode[] = [];
  for (const node of nodes.values()) {
    if (node.parent === null) children.push(node);
    else {
      const parent = nodes.get(node.parent);
      if (parent) parent.children.push(node);
      else detached.push(node);
    }
  }
  return { id: 'root', children, detached, incidents: [...incidents] };
}
