/**
 * Crash recovery: a child process runs a durable actor system under load and is killed
 * with SIGKILL at random moments, then restarted on the same data directory, many times
 * over; a final verify run reads every state. After all that, every acknowledged message
 * must have been applied exactly once, nothing twice, every hop of a chain must agree,
 * every due timer must have fired once, and every run must have opened the store cleanly
 * (no failure line, no dead letter, failed turn, decode error or quarantine).
 *
 * The child (`fixtures/crash/workload.ts`) generates its own load and reports each tell
 * as a `send` line before and an `ack` line after `await tell`; the verdict is
 * `fixtures/crash/check.ts`. Four variants: `commit` mode, `flush` mode, `commit` mode with
 * a short idle timeout so actors are passivated and reloaded under load, and `commit` mode
 * with jams — an actor that spins past its turn budget on some of its attempts, so its
 * thread is jammed and replaced mid-batch for every actor homed there, between the kills;
 * there the jammer's messages must each be applied once or kept as a dead letter, and the
 * other actors' acknowledged messages must all be applied, once.
 *
 * `TROUPE_CRASH_CYCLES` sets the number of kills (default 8, and at least 3 in every variant: 17
 * kills in all, a fifth of them aimed at start-up, in CI's Node 20 pass; its Node 24 pass sets 3:
 * 12 kills — 29 in CI, issue 3 asks at least 20; each costs a child's start-up, 2–3 s on CI's
 * loaded machine; `npm run test:crash` runs 200; the passivation and flush variants do a third
 * of them, the jam variant a seventh — each jam costs a thread start); `TROUPE_CRASH_KEEP=1`
 * keeps the data directory of a failed run.
 *
 * The last test traces the sync probe's syscalls with strace and checks that in flush
 * mode the store was synced between each tell and the line printed once it was
 * acknowledged (and, as a control, that the same reading finds no sync in commit mode).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../fixtures/crash/check.js';
import { Journal } from '../../fixtures/crash/journal.js';
import type { FinalState, WorkloadMode, WorkloadPlan } from '../../fixtures/crash/protocol.js';
import { findUnsyncedAcks, parseTrace, TRACED_SYSCALLS } from '../../fixtures/crash/syscall-trace.js';
import { WorkloadRun } from '../../fixtures/crash/workload-run.js';
import { sleep } from '../../helpers/until.js';

const CYCLES = Math.max(1, Number(process.env.TROUPE_CRASH_CYCLES ?? 8));
const FLUSH_CYCLES = Math.max(3, Math.round(CYCLES / 3));
const PASSIVATION_CYCLES = FLUSH_CYCLES;
const JAM_CYCLES = Math.max(3, Math.round(CYCLES / 7));
/** Short enough that the Metronome (200 ms period), the Alarm and idle Ledgers leave memory between messages. */
const PASSIVATION_IDLE_MS = 100;
/** Generous: a cycle takes about 1–2 s (start, recover, load until the kill). */
const timeoutFor = (cycles: number) => 90_000 + cycles * 5_000;
const STARTUP_TIMEOUT_MS = 30_000;
/** With jams, the jammer's backlog may jam a starting thread several times over. */
const JAM_STARTUP_TIMEOUT_MS = 90_000;
/** Share of kills aimed at the start-up (store opening, recovery, redelivery) rather than the load. */
const STARTUP_KILL_SHARE = 0.2;
const KILL_AFTER_READY_MS = { min: 20, max: 900 } as const;
/** With jams, runs last longer: a jam and the thread's replacement take a few hundred ms. */
const JAM_KILL_AFTER_READY_MS = { min: 1_000, max: 3_000 } as const;
const KEEP = process.env.TROUPE_CRASH_KEEP === '1';

const hasStrace = spawnSync('which', ['strace']).status === 0;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

interface Cycles {
  readonly durability: 'commit' | 'flush';
  readonly cycles: number;
  readonly idleTimeoutMs?: number;
  readonly jams?: boolean;
}

/** Run a child in `mode` to its end (no kill) and record its lines. */
async function runToEnd(
  root: string,
  dataDir: string,
  mode: WorkloadMode,
  plan: WorkloadPlan,
  journal: Journal,
) {
  const run = await WorkloadRun.start(root, dataDir, mode, plan);
  const timer = setTimeout(() => run.kill(), 60_000);
  const end = await run.ended;
  clearTimeout(timer);
  journal.record(`${mode} run`, run.lines, run.noise);
  if (end.code !== 0)
    throw new Error(`${mode} run ended with ${end.signal ?? `exit ${end.code}`}${run.tail()}`);
  return run;
}

function planFor({ durability, idleTimeoutMs, jams }: Cycles, cycle: number, journal: Journal): WorkloadPlan {
  return {
    durability,
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
    ...(jams ? { jams } : {}),
    cycle,
    retries: journal.retries(),
    maxMessages: 20_000,
    senders: 8,
    spawned: [...journal.spawned].filter((id) => id.startsWith('fresh-')),
    timersDueBy: journal.timersDueBy(),
  };
}

/** One load run, killed with SIGKILL either during its start-up or some time into the load. */
async function killCycle(
  root: string,
  dataDir: string,
  plan: WorkloadPlan,
  journal: Journal,
  typicalStartupMs: number,
) {
  const run = await WorkloadRun.start(root, dataDir, 'load', plan);
  // With jams, the first load always runs: some jams then happen mid-load, not only at start-up.
  const duringStartup = !(plan.jams && plan.cycle === 1) && Math.random() < STARTUP_KILL_SHARE;
  if (duringStartup) {
    await Promise.race([sleep(randomInt(0, typicalStartupMs)), run.ended]);
  } else {
    await run.waitFor('ready', plan.jams ? JAM_STARTUP_TIMEOUT_MS : STARTUP_TIMEOUT_MS);
    const after = plan.jams ? JAM_KILL_AFTER_READY_MS : KILL_AFTER_READY_MS;
    await Promise.race([sleep(randomInt(after.min, after.max)), run.ended]);
  }
  run.kill();
  const end = await run.ended;
  journal.record(`cycle ${plan.cycle}`, run.lines, run.noise);
  if (end.signal !== 'SIGKILL')
    throw new Error(
      `cycle ${plan.cycle}: child ended by itself (${end.signal ?? `exit ${end.code}`})${run.tail()}`,
    );
  return { duringStartup, acks: run.lines.filter((line) => line.kind === 'ack').length };
}

async function crashAndVerify(options: Cycles): Promise<void> {
  const { durability, cycles } = options;
  const root = await mkdtemp(join(tmpdir(), `troupe-crash-${durability}-`));
  const dataDir = join(root, 'data');
  const journal = new Journal(options.jams);
  const started = Date.now();
  let keep = false;
  try {
    await runToEnd(root, dataDir, 'setup', planFor(options, 0, journal), journal);
    let startupKills = 0;
    for (let cycle = 1; cycle <= cycles; cycle++) {
      const typicalStartupMs = journal.readyMs.at(-1) ?? 500;
      const outcome = await killCycle(
        root,
        dataDir,
        planFor(options, cycle, journal),
        journal,
        typicalStartupMs,
      );
      if (outcome.duringStartup) startupKills++;
    }
    const verify = await runToEnd(root, dataDir, 'verify', planFor(options, cycles + 1, journal), journal);
    const state = verify.lines.find(
      (line): line is { kind: 'state'; state: FinalState } => line.kind === 'state',
    )?.state;
    if (!state) throw new Error(`verify run printed no state${verify.tail()}`);
    const violations = [...journal.problems, ...findViolations(journal, state, options.jams)];
    if (options.jams && journal.jams === 0)
      violations.push('no thread was jammed: the jam variant tested nothing');
    const readyMs = [...journal.readyMs].sort((a, b) => a - b);
    const jammed = options.jams
      ? ` (jams: ${journal.jams} threads replaced; jammer applied ${state.jammer?.applied.length}, quarantined ${state.jammer?.quarantined.length})`
      : '';
    console.log(
      `crash-recovery ${durability}${options.idleTimeoutMs ? ` (passivation ${options.idleTimeoutMs} ms)` : ''}${jammed}: ${cycles} kills (${startupKills} during start-up) in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${journal.sent.size} messages sent, ${journal.acked.size} acknowledged (the rest were in flight at a kill); ` +
        `${state.alarm.rings.length} one-shot rings, ${state.metronome.last.ticks} ticks + ${state.metronome.last.missed} missed; ` +
        `ready after ${readyMs[Math.floor(readyMs.length / 2)]} ms (median), ${readyMs.at(-1)} ms (max); ${violations.length} violation(s)`,
    );
    expect(violations).toEqual([]);
  } catch (error) {
    keep = KEEP;
    if (keep) console.log(`crash-recovery: data, plans and the last verify kept in ${root}`);
    throw error;
  } finally {
    if (!keep) await rm(root, { recursive: true, force: true });
  }
}

/** Run the sync probe under strace; per acknowledged tell, whether the store was synced before. */
async function traceSyncProbe(durability: 'flush' | 'commit', count: number) {
  const root = await mkdtemp(join(tmpdir(), 'troupe-strace-'));
  try {
    const dataDir = join(root, 'data');
    const tracePath = join(root, 'trace.txt');
    const probe = fileURLToPath(new URL('../../fixtures/crash/sync-probe.js', import.meta.url));
    const args = ['-f', '-qq', '-s', '64', '-o', tracePath, '-e', `trace=${TRACED_SYSCALLS.join(',')}`];
    const child = spawn('strace', [...args, process.execPath, probe, dataDir, String(count), durability], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, `sync probe (${durability}) under strace: ${stderr}`).toBe(0);
    expect(stdout.match(/^acked \d+$/gm)).toHaveLength(count);
    return findUnsyncedAcks(parseTrace(await readFile(tracePath, 'utf8')), dataDir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('crash recovery after kill -9', () => {
  it(
    `commit mode: ${CYCLES} kills at random moments lose no acknowledged message and apply none twice`,
    () => crashAndVerify({ durability: 'commit', cycles: CYCLES }),
    timeoutFor(CYCLES),
  );

  it(
    `flush mode: ${FLUSH_CYCLES} kills at random moments lose no acknowledged message and apply none twice`,
    () => crashAndVerify({ durability: 'flush', cycles: FLUSH_CYCLES }),
    timeoutFor(FLUSH_CYCLES),
  );

  it(
    `commit mode with passivation every ${PASSIVATION_IDLE_MS} ms: ${PASSIVATION_CYCLES} kills lose no acknowledged message and apply none twice`,
    () =>
      crashAndVerify({
        durability: 'commit',
        cycles: PASSIVATION_CYCLES,
        idleTimeoutMs: PASSIVATION_IDLE_MS,
      }),
    timeoutFor(PASSIVATION_CYCLES),
  );

  it(
    `commit mode with jams: threads jammed and replaced mid-batch, and ${JAM_CYCLES} kills, lose no acknowledged message and apply none twice`,
    () => crashAndVerify({ durability: 'commit', cycles: JAM_CYCLES, jams: true }),
    timeoutFor(JAM_CYCLES * 2),
  );

  it.skipIf(!hasStrace)(
    `flush mode syncs the store between a tell and its acknowledgement${hasStrace ? '' : ' — skipped: strace is not installed (`which strace` found nothing)'}`,
    async () => {
      const flush = await traceSyncProbe('flush', 5);
      expect(flush.acks).toBe(5);
      expect(flush.problems).toEqual([]);
      // The control: in commit mode (no fsync) the same reading must find unsynced acks.
      const commit = await traceSyncProbe('commit', 3);
      expect(commit.acks).toBe(3);
      expect(commit.problems).toHaveLength(3);
    },
    60_000,
  );
});
