/**
 * Clean shutdown: actors stop children first, the pool closes, and a process that used
 * troupe exits by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createActorSystem, SystemShutDownError } from '../../../src/kernel/index.js';
import { Parent } from '../../fixtures/family.js';
import { Recorder } from '../../fixtures/recorder.js';
import { until } from '../../helpers/until.js';

it('stops children before their parent, then refuses new work', async () => {
  const system = createActorSystem({ threads: 2 });
  const recorder = await system.spawn(Recorder, { id: 'recorder-0' });
  // The recorder must outlive the family to see the terminate lines: put the family on the other thread.
  const parent = await system.spawn(Parent, {
    id: recorder.thread === 0 ? 'family-1' : 'family-0',
    args: { names: ['a', 'b', 'c'], recorder },
  });
  await parent.ask({ type: 'child', name: 'a' });
  await system.stop(parent);
  // The farewells travel thread to thread, the stop's answer to main: wait for all three.
  const terminated = async () =>
    (await recorder.ask<string[]>({ type: 'lines' })).filter((l) => l.startsWith('terminate:'));
  await until(async () => (await terminated()).length === 3);
  expect(await terminated()).toEqual([
    'terminate:c:shutdown',
    'terminate:b:shutdown',
    'terminate:a:shutdown',
  ]);
  await system.shutdown();
  expect(() => system.tell(recorder, { type: 'lines' })).toThrow(SystemShutDownError);
  await expect(system.spawn(Recorder, {})).rejects.toBeInstanceOf(SystemShutDownError);
});

it('lets a process that used troupe exit by itself after shutdown', async () => {
  const script = fileURLToPath(new URL('../../fixtures/exit-after-shutdown.js', import.meta.url));
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | string>((resolve) => {
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung: had to be killed');
    }, 10_000);
    child.on('exit', (exitCode) => {
      clearTimeout(killer);
      resolve(exitCode ?? -1);
    });
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toBe('done 1000\n');
});
