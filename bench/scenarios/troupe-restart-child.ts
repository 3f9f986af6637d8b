/**
 * The child process of the restart scenario's troupe half:
 * `node troupe-restart-child.js <mode> <dataDir> [total] [actors]`, speaking JSON lines.
 *
 * - `populate`: spawn the probe (an Echo) and `total` Idle actors — two Spawners, one per
 *   thread, each spawning its half in chunks of turns — then shut down cleanly.
 * - `first-message`: start the system on the store and ask the probe once; print `served`.
 * - `fill`: spawn `actors` Backlog actors, block them with a `hold`, have a BacklogFiller
 *   commit `total` items to their inboxes, print `filled` (the parent then kills us).
 * - `drain`: start the system on the killed store; every Backlog gets its hold again
 *   (passing now) and its items; print `drained` once all `until` asks are answered.
 *
 * Times are `performance.now()`: ms since this process started.
 */
import { performance } from 'node:perf_hooks';
import { type ActorRef, createActorSystem } from '../../src/kernel/index.js';
import { Backlog, type BacklogMsg } from '../actors/backlog.js';
import { BacklogFiller } from '../actors/backlog-filler.js';
import { Echo, type EchoMsg } from '../actors/echo.js';
import { Spawner, type SpawnReport } from '../actors/spawner.js';
import { idOnThread, type TroupeSystem } from './troupe-system.js';

export const PROBE_ID = 'restart-probe';
const THREADS = 2;
const LONG = { timeoutMs: 600_000 } as const;

/** The process's peak resident set (every thread), in MiB. */
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

const backlogIds = (actors: number) =>
  Array.from({ length: actors }, (_, index) => idOnThread(`backlog-${index}`, index % THREADS, THREADS));

/** Children per Spawner: no parent keeps more than this many child records while it is in memory. */
const SPAWNER_SHARE = 500_000;

/**
 * Each thread's share is spawned by a sequence of Spawners of `SPAWNER_SHARE` children each, so a
 * 10 M store has no parent with millions of children: a Spawner that is done goes idle and leaves
 * memory with the rest when the thread reaches its activation limit (its children stay in the store).
 */
async function populateThread(system: TroupeSystem, thread: number, share: number): Promise<number> {
  let spawned = 0;
  for (let round = 0; spawned < share; round++) {
    const id = idOnThread(`populate-spawner-${round}`, thread, THREADS);
    const spawner = await system.spawn(Spawner, { id });
    const report = await spawner.ask<SpawnReport>(
      { type: 'spawn', total: Math.min(SPAWNER_SHARE, share - spawned), chunk: 10_000, deadlineMs: 600_000 },
      LONG,
    );
    spawned += report.spawned;
  }
  return spawned;
}

async function populate(system: TroupeSystem, total: number): Promise<void> {
  const start = performance.now();
  await system.spawn(Echo, { id: PROBE_ID });
  const counts = await Promise.all(
    Array.from({ length: THREADS }, (_, thread) =>
      populateThread(system, thread, Math.floor(total / THREADS) + (thread < total % THREADS ? 1 : 0)),
    ),
  );
  const spawned = counts.reduce((sum, count) => sum + count, 0);
  const { evictions } = (await system.stats()).totals;
  print({ kind: 'populated', spawned, ms: performance.now() - start, evictions, rssPeakMb: peakRssMb() });
}

async function fill(system: TroupeSystem, total: number, actors: number): Promise<void> {
  const start = performance.now();
  const targets: ActorRef<BacklogMsg>[] = [];
  for (const id of backlogIds(actors)) {
    const backlog = await system.spawn(Backlog, { id, mailbox: { capacity: total + 10 } });
    await backlog.tell({ type: 'hold', pid: process.pid });
    targets.push(backlog);
  }
  const filler = await system.spawn(BacklogFiller, { id: idOnThread('backlog-filler', 0, THREADS) });
  const sent = await filler.ask<number>({ type: 'fill', targets, total, chunk: 1_000 }, LONG);
  print({ kind: 'filled', sent, ms: performance.now() - start });
}

async function drain(system: TroupeSystem, total: number, actors: number): Promise<void> {
  const shares = backlogIds(actors).map((id, index) => ({
    ref: system.refOf<BacklogMsg>(id),
    count: Math.floor(total / actors) + (index < total % actors ? 1 : 0),
  }));
  const handled = await Promise.all(
    shares.map(({ ref, count }) => ref.ask<number>({ type: 'until', count }, LONG)),
  );
  print({ kind: 'drained', handled: handled.reduce((sum, count) => sum + count, 0), ms: performance.now() });
}

async function main(): Promise<void> {
  const [mode, dataDir, totalText, actorsText] = process.argv.slice(2);
  if (!mode || !dataDir) throw new Error('usage: troupe-restart-child.js <mode> <dataDir> [total] [actors]');
  const total = Number(totalText ?? 0);
  const actors = Number(actorsText ?? 0);
  // Populating is untimed setup: on a loaded machine a thread spawning at full speed can miss the
  // watchdog's default 2 s, and the setup would fail; the restarts measured keep the defaults.
  const watchdog = mode === 'populate' ? { turnTimeoutMs: 60_000, loopTimeoutMs: 60_000 } : {};
  const system = createActorSystem({
    threads: THREADS,
    dataDir,
    durability: 'commit',
    workerResourceLimits: { maxOldGenerationSizeMb: 4_096 },
    ...watchdog,
  });
  switch (mode) {
    case 'populate':
      await populate(system, total);
      await system.shutdown();
      process.exit(0);
      break;
    case 'first-message': {
      const answer = await system.refOf<EchoMsg>(PROBE_ID).ask<number>({ type: 'ping', seq: 1 }, LONG);
      print({ kind: 'served', answer, ms: performance.now() });
      break;
    }
    case 'fill':
      await fill(system, total, actors);
      break;
    case 'drain':
      await drain(system, total, actors);
      break;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  // first-message, fill, drain: the parent kills us (that is the crash being measured).
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
