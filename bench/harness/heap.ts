/**
 * Heap measurement: `heapUsed` after a forced full GC when one can be had.
 *
 * `node dist/bench/main.js` is not started with `--expose-gc`, and worker threads cannot
 * be given it through `execArgv`, so we turn the V8 flag on at run time and fetch `gc`
 * from a fresh context. If that fails we fall back to a short settle without GC and say
 * so in `method`, because that figure is noisier (it includes uncollected garbage).
 * Usable on the main thread and inside workers (actor modules import it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface HeapReading {
  readonly heapUsed: number;
  readonly method: 'forced-gc' | 'settle-no-gc';
}

type GcFunction = () => void;

let cachedGc: GcFunction | null | undefined;

function obtainGc(): GcFunction | null {
  if (cachedGc !== undefined) return cachedGc;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    cachedGc = typeof gc === 'function' ? (gc as GcFunction) : null;
  } catch {
    cachedGc = null;
  }
  return cachedGc;
}

const settle = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Read `heapUsed` after collecting garbage (twice, so weak callbacks and finalizers run). */
export async function readHeapUsed(settleMs = 50): Promise<HeapReading> {
  const gc = obtainGc();
  await settle(settleMs);
  if (gc) {
    gc();
    await settle(0);
    gc();
  }
  return { heapUsed: process.memoryUsage().heapUsed, method: gc ? 'forced-gc' : 'settle-no-gc' };
}

export function describeHeapMethod(method: HeapReading['method']): string {
  return method === 'forced-gc'
    ? 'heapUsed delta after forced full GC (--expose-gc set at run time)'
    : 'heapUsed delta after a short settle, no GC available (noisy)';
}
