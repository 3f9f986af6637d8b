/**
 * The throwaway stores of `--durability memory`: `troupe-memory-*` directories in the temp
 * directory, made when a runtime starts and removed when it stops. A process that never got to
 * stop (`kill -9`, a host that SIGKILLs its servers) leaves its store behind, so each start in
 * memory mode first removes the ones left: a store whose writer lock names no live process, or
 * one with no lock at all that is over an hour old (a lock is taken right after the directory
 * is made: a younger one may be a runtime starting now). It owns no store: only these directories.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStoreHeld } from '../../kernel/index.js';

export const SCRATCH_PREFIX = 'troupe-memory-';
/** How old a scratch directory with no writer lock must be before it counts as left behind. */
export const UNLOCKED_GRACE_MS = 60 * 60 * 1000;

/** Remove the scratch stores in `directory` that no running process holds; returns their paths. */
export function sweepLeftScratchStores(directory: string, now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.startsWith(SCRATCH_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const path = join(directory, name);
    try {
      const stat = statSync(path);
      if (!stat.isDirectory() || isStoreHeld(path)) continue;
      const locked = readdirSync(path).includes('writer.lock');
      if (!locked && now - stat.mtimeMs < UNLOCKED_GRACE_MS) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile (another start swept it), or not ours to read: leave it.
    }
  }
  return removed;
}

/** A new scratch store directory, after removing the ones killed processes left. */
export function makeScratchStore(directory: string = tmpdir()): { path: string; swept: string[] } {
  const swept = sweepLeftScratchStores(directory);
  return { path: mkdtempSync(join(directory, SCRATCH_PREFIX)), swept };
}
