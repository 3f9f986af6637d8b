/**
 * The crash guarantee of durable runs, against real `kill -9`s: a child process runs
 * `crash-mix` workflows (tool, agent, signal and timer waits, a map) and is killed with
 * SIGKILL at random moments, 20 times (every other kill right after a tool call began), then
 * left to finish. Afterwards every run that was acknowledged completed; no attempt of a
 * non-idempotent tool was called twice; no step was called under an attempt beyond the one it
 * completed with (a completed step never ran again).
 *
 * `TROUPE_CRASH_CYCLES` sets the number of kills (default 20, issue 13's "at least 20" in CI's
 * Node 20 pass; its Node 24 pass sets 3), half of them while a life's runs are under way;
 * `TROUPE_CRASH_CYCLES=200 npx vitest run dist/test/actors/workflows/shell/crash-recovery.test.js`
 * runs many more; `CRASH_STATS=1` prints how many lives were killed mid-work and resumed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowResult } from '../../../../actors/workflows/index.js';
import { createSeededRandom } from '../seeded-random.js';

const CHILD = fileURLToPath(new URL('../../../fixtures/workflows/crash-child.js', import.meta.url));
const PER_LIFE = 2;
/** Tool calls a life makes for its own runs: prepare, four map items and finish per run. */
const CALLS_PER_LIFE = PER_LIFE * 6;
const CYCLES = Math.max(2, Number(process.env.TROUPE_CRASH_CYCLES ?? 20));
/** Generous: a life takes about 1–2 s (start, resume, work until the kill). */
const TIMEOUT_MS = 60_000 + CYCLES * 5_000;

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'troupe-workflows-crash-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Life {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly ended: Promise<void>;
  stderr: string;
  /** Resolves with the `nth` line (1-based) that starts with `prefix`. */
  waitFor(prefix: string, timeoutMs: number, nth?: number): Promise<string>;
}

function live(lifeIndex: number, perLife: number): Life {
  const args = [CHILD, join(root, 'data'), join(root, 'calls.log'), String(lifeIndex), String(perLife)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  const life: Life = {
    child,
    lines,
    stderr: '',
    ended: new Promise((resolve) => child.on('close', () => resolve())),
    waitFor(prefix, timeoutMs, nth = 1) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.filter((line) => line.startsWith(prefix))[nth - 1];
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no "${prefix}" line #${nth} within ${timeoutMs} ms; stderr: ${life.stderr.slice(-2_000)}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
        void life.ended.then(() => {
          if (!check()) {
            clearTimeout(timer);
            waiters.delete(wake);
            reject(
              new Error(`the child ended before "${prefix}" #${nth}; stderr: ${life.stderr.slice(-2_000)}`),
            );
          }
        });
      });
    },
  };
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    life.stderr += chunk;
  });
  return life;
}

describe('durable runs after kill -9', { timeout: TIMEOUT_MS }, () => {
  it('complete every acknowledged run, and never run a completed step again', async () => {
    const random = createSeededRandom(13);
    const acked = new Set<string>();
    let killedAfterWork = 0;
    let resumedLives = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const life = live(cycle, PER_LIFE);
      const ready = await life.waitFor('ready', 30_000);
      if (Number(ready.split(' ')[1]) > 0) resumedLives++;
      // Half the kills come at any moment after start; half right after one of this life's tool
      // calls began (the child prints `call` as it starts one), so those lives always die mid-work
      // however fast the machine runs them.
      if (cycle % 2 === 1)
        await life.waitFor('call', 30_000, 1 + random.below(CALLS_PER_LIFE - 1)).catch(() => '');
      else await new Promise((resolve) => setTimeout(resolve, random.below(1_500)));
      for (const line of life.lines) if (line.startsWith('ack ')) acked.add(line.slice(4));
      const finished = life.lines.includes('done');
      life.child.kill('SIGKILL');
      await life.ended;
      if (!finished) killedAfterWork++;
    }
    const last = live(CYCLES, 0);
    await last.waitFor('done', 60_000);
    await last.ended;
    for (const line of last.lines) if (line.startsWith('ack ')) acked.add(line.slice(4));

    const results = JSON.parse(await readFile(join(root, 'results.json'), 'utf8')) as WorkflowResult[];
    // The kills came while runs were under way, and later lives resumed them.
    expect(killedAfterWork).toBeGreaterThan(0);
    expect(resumedLives).toBeGreaterThan(0);
    if (process.env.CRASH_STATS)
      process.stderr.write(
        `lives killed mid-work ${killedAfterWork}, resumed ${resumedLives}\n${await readFile(join(root, 'calls.log'), 'utf8')}`,
      );
    expect(acked.size).toBeGreaterThan(0);
    // Every run in the store completed (those created but not acknowledged too); none acknowledged is missing.
    for (const result of results) expect(result.status, result.runId).toBe('completed');
    const stored = new Set(results.map((result) => result.runId));
    for (const runId of acked) expect(stored.has(runId), runId).toBe(true);

    const calls = (await readFile(join(root, 'calls.log'), 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('call '))
      .map((line) => line.split(' ')[2] as string);
    // Non-idempotent steps (prepare, finish): each attempt called at most once, ever.
    const plain = calls.filter((key) => /:(prepare|finish):/.test(key));
    expect(plain.length).toBeGreaterThan(0);
    expect(new Set(plain).size).toBe(plain.length);
    // No unit was called under an attempt beyond the one it completed with.
    for (const result of results) {
      const finalAttempt = new Map<string, number>();
      for (const step of result.steps) {
        finalAttempt.set(step.name, step.attempts);
        step.children?.forEach((child, index) => {
          finalAttempt.set(`${step.name}[${index}]`, child.attempts);
        });
      }
      for (const key of calls.filter((call) => call.startsWith(`${result.runId}:`))) {
        const [, unit, attempt] = key.split(':') as [string, string, string];
        expect(Number(attempt), key).toBeLessThanOrEqual(finalAttempt.get(unit) ?? 0);
      }
      for (const step of result.steps) expect(step.status, `${result.runId} ${step.name}`).toBe('completed');
    }
  });
});
