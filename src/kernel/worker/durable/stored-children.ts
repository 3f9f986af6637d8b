/**
 * A durable actor brought back from the store learns its children (in spawn order) when it
 * first needs them — to supervise one, or to stop them all — not at activation, so an
 * actor with many children comes back as fast as one with none.
 */
import type { Store } from '../../persistence/store.js';
import type { ActorCell } from '../cell.js';
import { ChildRecords } from '../child-records.js';

/** Fill `cell.children` from the store, once (no-op for a cell that was not loaded from the store). */
export function loadStoredChildren(store: Store | null, cell: ActorCell): void {
  if (!cell.childrenInStore || !store) return;
  cell.childrenInStore = false;
  const known = cell.children ?? new ChildRecords();
  const ordered = new ChildRecords();
  for (const childId of store.childrenOf(cell.id)) {
    const existing = known.get(childId);
    if (existing) ordered.set(childId, existing);
    else {
      try {
        const spec = store.getActor(childId)?.spec;
        if (spec) ordered.set(childId, { spec, stopping: false });
      } catch {
        // An unreadable child is quarantined when it is activated; its parent goes on.
      }
    }
  }
  for (const [childId, record] of known) if (!ordered.has(childId)) ordered.set(childId, record);
  cell.children = ordered;
}
