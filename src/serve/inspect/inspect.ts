/**
 * `troupe inspect <view>`: attach to the runtime of a data directory (read-only: `attach.ts`),
 * read one view (`views.ts`) and print it — as text (`render.ts`) or, with `--json`, as the
 * data read. `--watch` redraws like `top` (clear, redraw every `--interval` ms; with `--json`
 * one JSON line per frame) until Ctrl-C or the end of stdin; a runtime that goes away is
 * followed to the process that takes over, if any, and reported otherwise. `--web` serves
 * the web inspector's page instead (`web-inspect.ts`), until Ctrl-C or the end of stdin.
 *
 * Exit codes: 0 shown, 1 no runtime there (or it went away, or a read failed), 2 usage.
 */

import { UsageError } from '../serve-options.js';
import { type Attached, attachToRuntime, NoRuntimeError } from './attach.js';
import type { InspectIo } from './inspect-io.js';
import { type InspectCommand, type InspectOptions, parseInspectCommand } from './inspect-options.js';
import { renderView } from './render.js';
import { readView } from './views.js';

/** Clear the screen and put the cursor home (what `top` does between frames). */
const CLEAR = '\x1b[2J\x1b[H';

/** `troupe inspect …` from the command line, on this process's stdio; `usage` is printed with a usage error. */
export async function inspectCommand(argv: readonly string[], usage: string): Promise<number> {
  let command: InspectCommand;
  try {
    command = parseInspectCommand(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`troupe inspect: ${error.message}\n\n${usage}`);
    return 2;
  }
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const { stdout, stderr, stdin, env } = process;
  const io = { stdout, stderr, stdin, stop, env };
  if (command.kind === 'view') return inspect(command.options, io);
  const { serveWebInspector } = await import('./web-inspect.js');
  return serveWebInspector(command.options, io);
}

export async function inspect(options: InspectOptions, io: InspectIo): Promise<number> {
  let attached: Attached;
  try {
    attached = await attachToRuntime(options['data-dir']);
  } catch (error) {
    return failed(error, io);
  }
  try {
    if (!options.watch) {
      await showOnce(attached, options, io, false);
      return 0;
    }
    return await watch(attached, options, io);
  } catch (error) {
    return failed(error, io);
  } finally {
    await attached.close().catch(() => {});
  }
}

async function showOnce(attached: Attached, options: InspectOptions, io: InspectIo, framed: boolean) {
  const agent =
    options.agent === undefined ? null : { agentId: options.agent, token: io.env.TROUPE_AGENT_TOKEN };
  const data = await readView(attached.client, options.view, agent);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(data, null, framed ? undefined : 2)}\n`);
    return;
  }
  const now = Date.now();
  const header = framed
    ? [
        `troupe inspect ${options.view} — ${options['data-dir']} — ${new Date(now).toISOString()} (every ${options.interval} ms; Ctrl-C to stop)`,
        '',
      ]
    : [];
  io.stdout.write(`${framed ? CLEAR : ''}${[...header, ...renderView(data, now)].join('\n')}\n`);
}

async function watch(first: Attached, options: InspectOptions, io: InspectIo): Promise<number> {
  let attached = first;
  let stopped = false;
  const stop = new Promise<void>((resolve) => {
    void io.stop.then(resolve);
    io.stdin.once('end', () => resolve());
    io.stdin.resume();
  }).then(() => {
    stopped = true;
  });
  while (!stopped) {
    try {
      await showOnce(attached, options, io, true);
    } catch (error) {
      // The runtime went away mid-read: follow it to the process that took over, if one did.
      if (!attached.isLost()) throw error;
      await attached.close().catch(() => {});
      attached = await reattach(options['data-dir']);
      continue;
    }
    await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, options.interval))]);
  }
  if (attached !== first) await attached.close().catch(() => {});
  io.stdin.pause();
  return 0;
}

/** How long a take-over may leave the endpoint unanswered before the runtime counts as gone. */
const TAKE_OVER_MS = 5_000;

/** Attach again after the host went away: another `troupe serve` on the directory may be taking over. */
async function reattach(dataDir: string): Promise<Attached> {
  const deadline = Date.now() + TAKE_OVER_MS;
  for (;;) {
    try {
      return await attachToRuntime(dataDir);
    } catch (error) {
      if (!(error instanceof NoRuntimeError) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function failed(error: unknown, io: InspectIo): number {
  io.stderr.write(`troupe inspect: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}
