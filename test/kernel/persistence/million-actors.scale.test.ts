/**
 * A million durable actors on one store (issue 16): a child process spawns 1,000,000 durable
 * actors under an activation limit of 100,000 per thread and is killed with SIGKILL once they
 * are acknowledged; a new process on the same data directory serves its first message and
 * then wakes a random sample of them, each answering the index it was spawned with.
 *
 * What it shows: the number of stored actors is bounded by the disk, not the heap — the threads
 * keep at most their limit in memory while populating (the rest leave memory by passivation,
 * their records stay in the store) — and every acknowledged spawn survives a crash. The store
 * is counted with lmdb-js directly after the processes are gone. A scale test: `npm test` leaves
 * it out, `npm run test:scale` runs it (CI does, once, alone: ~1 minute of both cores);
 * `TROUPE_MILLION_ACTORS` lowers the count for a quick local try.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { open } from 'lmdb';
import { afterAll, expect, it } from 'vitest';
import { scratchDir } from '../../fixtures/persistence/records.js';

const TOTAL = Math.max(10_000, Number(process.env.TROUPE_MILLION_ACTORS ?? 1_000_000));
const MAX_ACTIVE_PER_THREAD = Math.min(100_000, Math.floor(TOTAL / 10));
const THREADS = 2;
const SAMPLE = 200;
const CHILD = fileURLToPath(new URL('../../fixtures/persistence/million-child.js', import.meta.url));

type Line = Record<string, unknown> & { readonly kind: string };

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Start the child, resolve with its lines of the kinds asked for (in order), then kill it -9. */
async function runChild(
  args: readonly string[],
  kinds: readonly string[],
  timeoutMs: number,
): Promise<Line[]> {
  const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const lines: Line[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${kinds.join(', ')}; stderr: ${stderr}`)),
        timeoutMs,
      );
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
        const line = JSON.parse(text) as Line;
        if (kinds.includes(line.kind)) lines.push(line);
        if (lines.length === kinds.length) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`child ended (${code ?? signal}) before ${kinds.join(', ')}; stderr: ${stderr}`));
      });
    });
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
    );
  }
  return lines;
}

function countStoredActors(dataDir: string): number {
  const root = open({ path: dataDir, readOnly: true });
  try {
    return root.openDB('actors', {}).getKeysCount();
  } finally {
    void root.close();
  }
}

it(`populates ${TOTAL} durable actors under an activation limit, survives kill -9, and serves them after a restart`, async () => {
  const scratch = scratchDir();
  const dataDir = scratch.path;
  try {
    const [populated] = await runChild(
      ['populate', dataDir, String(TOTAL), String(MAX_ACTIVE_PER_THREAD)],
      ['populated'],
      200_000,
    );
    // What CI's log shows of it: time, actors left in memory, evictions, peak RSS.
    process.stderr.write(`million-actors: ${JSON.stringify(populated)}\n`);
    expect(populated?.ends).toEqual([Math.floor(TOTAL / 2), TOTAL]);
    // In memory: at most the limit per thread (the populators and the sweep's margin aside).
    expect(populated?.inMemory as number).toBeLessThanOrEqual(THREADS * MAX_ACTIVE_PER_THREAD);
    expect(populated?.evictions as number).toBeGreaterThanOrEqual(TOTAL - THREADS * MAX_ACTIVE_PER_THREAD);

    // Every spawn was acknowledged before the kill: all records are in the store (+ the two populators).
    expect(countStoredActors(dataDir)).toBe(TOTAL + THREADS);

    const sample = Array.from({ length: SAMPLE }, () => Math.floor(Math.random() * TOTAL));
    const [served, answered] = await runChild(
      ['restart', dataDir, ...sample.map(String)],
      ['served', 'answers'],
      60_000,
    );
    expect(served?.answers).toEqual([sample[0]]);
    expect(answered?.answers).toEqual(sample);
  } finally {
    scratch.remove();
  }
}, 280_000);
