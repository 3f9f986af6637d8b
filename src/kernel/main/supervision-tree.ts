/**
 * The supervision tree `system.inspect()` returns: the flat actor lists each thread reports
 * (a thread that does not answer in time reports none), assembled into a tree.
 */

import type { ActorInfo, ActorTreeNode, SupervisionTree } from '../wire/control.js';
import type { SystemEvent } from '../wire/events.js';
import { CONTROL_TIMEOUT_MS, type ThreadPool } from './thread-pool.js';
import { withTimeout } from './with-timeout.js';

/** Every actor in memory, as the threads report them. */
export async function collectActors(pool: Pick<ThreadPool, 'handles'>): Promise<ActorInfo[]> {
  const lists = await Promise.all(
    pool.handles.map((t) =>
      withTimeout<ActorInfo[]>(
        () => t.control.inspect(),
        CONTROL_TIMEOUT_MS,
        () => [],
      ),
    ),
  );
  return lists.flat();
}

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
