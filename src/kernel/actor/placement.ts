/**
 * Placement: which thread an actor lives on. An explicit id is homed by a hash of the id
 * (so any thread can find it again); a generated child id is co-located with its parent
 * (`spawn-spec.ts`).
 */

/** FNV-1a, 32 bits: stable across threads and processes. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function homeThread(id: string, threads: number): number {
  return hashId(id) % threads;
}
