/**
 * Troupe half of restart: each step runs `troupe-restart-child.ts` in a child process on
 * a data directory the scenario owns.
 *
 * - `populateIdleActors`: the setup — a store with the probe and `total` idle actors.
 * - `timeFirstMessage`: ms from spawning a child on that store to its first answered ask
 *   (arrival of the `served` line here); the child is then killed with SIGKILL.
 * - `fillBacklog` + `drainBacklog`: commit `total` items to blocked actors' inboxes, kill
 *   -9 the process, start a new one and time until every item was redelivered and handled.
 */
import { isLineOfKind, NodeChild } from '../harness/child-process.js';

const CHILD = new URL('./troupe-restart-child.js', import.meta.url);
const SETUP_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 30_000;

export interface PopulateReport {
  readonly spawned: number;
  readonly ms: number;
  /** Durable actors sent out of memory by the activation limit while populating. */
  readonly evictions: number;
  /** The populating process's peak RSS (all threads), MiB. */
  readonly rssPeakMb: number;
}

/** Populating runs at ≥ 20 k actors/s on this 2-core VM: allow 5 k/s before calling it stuck. */
const populateTimeoutMs = (total: number) => SETUP_TIMEOUT_MS + total / 5;

export async function populateIdleActors(dataDir: string, total: number): Promise<PopulateReport> {
  const child = new NodeChild(CHILD, ['populate', dataDir, String(total)]);
  try {
    const { line } = await child.waitFor(isLineOfKind('populated'), populateTimeoutMs(total), 'populated');
    const exit = await child.ended;
    if (exit !== 'exit 0') throw new Error(`populate child ended with ${exit}`);
    return {
      spawned: Number(line.spawned),
      ms: Number(line.ms),
      evictions: Number(line.evictions),
      rssPeakMb: Number(line.rssPeakMb),
    };
  } finally {
    await child.kill();
  }
}

export async function timeFirstMessage(dataDir: string): Promise<number> {
  const child = new NodeChild(CHILD, ['first-message', dataDir]);
  try {
    return (await child.waitFor(isLineOfKind('served'), START_TIMEOUT_MS, 'served')).atMs;
  } finally {
    await child.kill();
  }
}

export async function fillBacklog(dataDir: string, total: number, actors: number): Promise<number> {
  const child = new NodeChild(CHILD, ['fill', dataDir, String(total), String(actors)]);
  try {
    const { line } = await child.waitFor(isLineOfKind('filled'), SETUP_TIMEOUT_MS, 'filled');
    if (Number(line.sent) !== total) throw new Error(`filler sent ${String(line.sent)} of ${total}`);
    return Number(line.ms);
  } finally {
    await child.kill();
  }
}

export interface DrainReport {
  readonly handled: number;
  /** ms from the child's process start to the last item handled. */
  readonly ms: number;
}

export async function drainBacklog(dataDir: string, total: number, actors: number): Promise<DrainReport> {
  const child = new NodeChild(CHILD, ['drain', dataDir, String(total), String(actors)]);
  try {
    const { line } = await child.waitFor(isLineOfKind('drained'), SETUP_TIMEOUT_MS, 'drained');
    return { handled: Number(line.handled), ms: Number(line.ms) };
  } finally {
    await child.kill();
  }
}
