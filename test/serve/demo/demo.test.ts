/**
 * `troupe demo` as a user runs it — a real process, `CI=true` (plain lines) — tells the whole
 * story and exits 0: every claimed event appears in its output, each chapter checked by the
 * demo itself (the agents registered, the runtime killed with SIGKILL and the run resumed, the
 * lock cycle refused naming both agents, the jammed thread replaced, the run completed with no
 * step completed before the kill run again).
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { CLI } from '../../mcp/serve-client.js';

it('tells the story in plain lines and exits 0 when every chapter held', async () => {
  const child = spawn(process.execPath, [CLI, 'demo'], {
    env: { ...process.env, CI: 'true' },
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
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, `the demo failed — its output:\n${stdout.slice(-4000)}\n${stderr.slice(-2000)}`).toBe(0);
  // Plain lines: no spinner frames, no terminal escapes.
  expect(stdout.includes('\x1b[')).toBe(false);
  for (const claim of [
    /\[1\] A runtime process starts on a fresh data directory/,
    /ok: 3 agents in the registry/,
    /ada is asked to do "outline"/,
    /summarize\[0\] completed/,
    /ok: pid \d+ killed with SIGKILL/,
    /ok: 1 unfinished run resumed from its stored state/,
    /deadlock: waiting for "src\/[ab]\.ts" would deadlock: (ada → bob → ada|bob → ada → bob)/,
    /thread \d+ jammed, ended and replaced/,
    /ok: the Jammer answers again on the new thread/,
    /publish completed/,
    /every step completed before the kill ran once/,
    /ok: run completed: 6 steps, 8 summaries, published/,
    /Every chapter held, in [\d.]+ s:/,
    /troupe inspect tree --data-dir/,
  ])
    expect(stdout).toMatch(claim);
  expect(stdout).not.toMatch(/FAILED/);
}, 180_000);
