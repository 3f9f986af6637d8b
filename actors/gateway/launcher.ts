/**
 * The launcher: a tiny program between troupe and a stdio MCP server, so that the server
 * — and everything it starts — never outlives troupe, even after `kill -9` of troupe.
 *
 * ```
 *   troupe ──stdin pipe (inherited by the server: no copy through the launcher)──▶ server ──▶ grandchildren…
 *          ◀──stdout/stderr (inherited by the server)──
 *          ──lifeline (fd 3, never written)──▶ launcher
 *   └ process group of troupe ┘  └────────── one process group, led by the launcher ──────────┘
 * ```
 *
 * Run as `node launcher.js [--grace-ms N] -- <command> <args…>` with a pipe on fd 3, spawned
 * with `detached: true` so that it leads a new process group (and session); the server and
 * its descendants stay in that group. The server shares the launcher's stdin, stdout and
 * stderr, so requests and answers go straight between troupe and the server (no relay: a
 * relaying process would be one more wake-up per message). When the lifeline ends — troupe
 * closed it, or troupe died and the kernel closed it — or the launcher gets SIGTERM, SIGINT
 * or SIGHUP, it stops the group as MCP's stdio shutdown says: the server's stdin is closed
 * by troupe (or by troupe's death) and the launcher waits `grace` ms, then SIGTERMs the
 * whole group and waits `grace` ms, then SIGKILLs what is left. When the server exits by
 * itself, the rest of the group is stopped the same way. Without a lifeline (nothing open
 * on fd 3), the group is stopped only when the server exits.
 *
 * The launcher exits with the server's code (128 + signal number for a signal; 127 when
 * the server cannot be started), so its parent learns how the server ended. Its own
 * messages go to stderr, prefixed `troupe-launcher:`. What it cannot do: outlive a
 * `kill -9` of itself (the server then sees its stdin close and most servers exit, but
 * a grandchild may stay), or hold a descendant that left the group on purpose.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import { constants } from 'node:os';
import { listGroupMembers, signalGroup, signalProcess } from './process/process-group.js';

const LAUNCHER_DEFAULTS = { graceMs: 2_000, pollMs: 20 } as const;

interface LauncherArguments {
  readonly graceMs: number;
  readonly command: string;
  readonly args: readonly string[];
}

function parseArguments(argv: readonly string[]): LauncherArguments | string {
  const separator = argv.indexOf('--');
  if (separator < 0 || separator === argv.length - 1)
    return 'usage: launcher [--grace-ms N] -- <command> <args…>';
  const options = argv.slice(0, separator);
  let graceMs: number = LAUNCHER_DEFAULTS.graceMs;
  for (let index = 0; index < options.length; index++) {
    if (options[index] === '--grace-ms' && /^\d+$/.test(options[index + 1] ?? '')) {
      graceMs = Number(options[++index]);
    } else return `unknown option ${JSON.stringify(options[index])}`;
  }
  const [command, ...args] = argv.slice(separator + 1);
  return { graceMs, command: command ?? '', args };
}

function log(message: string): void {
  try {
    process.stderr.write(`troupe-launcher: ${message}\n`);
  } catch {
    // Nobody reads stderr any more (troupe died): stopping the group matters more.
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wait until `done()` holds or `ms` ran out; true if it holds. */
async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await sleep(LAUNCHER_DEFAULTS.pollMs);
  }
  return true;
}

function run({ graceMs, command, args }: LauncherArguments): void {
  const pgid = process.pid;
  let exitCode: number | undefined;
  let stopping = false;
  const child: ChildProcess = spawn(command, [...args], { stdio: ['inherit', 'inherit', 'inherit'] });
  const serverEnded = () => exitCode !== undefined;
  /** Members of the group other than the launcher; undefined when membership cannot be read. */
  const others = () => listGroupMembers(pgid)?.filter((pid) => pid !== pgid);
  const groupEmpty = () => {
    const members = others();
    return members === undefined ? serverEnded() : members.length === 0;
  };

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    if (!serverEnded()) log(`stopping the server (${why})`);
    if (!(await waitFor(groupEmpty, serverEnded() ? 0 : graceMs))) {
      signalGroup(pgid, 'SIGTERM');
      if (!(await waitFor(groupEmpty, graceMs))) killTheRest();
    }
    await waitFor(serverEnded, graceMs);
    process.exit(exitCode ?? 0);
  };

  const killTheRest = () => {
    const members = others();
    // Without /proc, SIGKILL the whole group: the launcher goes too, its exit code is lost.
    if (members === undefined) signalGroup(pgid, 'SIGKILL');
    else for (const pid of members) signalProcess(pid, 'SIGKILL');
  };

  child.on('error', (error) => {
    log(`cannot start ${JSON.stringify(command)}: ${error.message}`);
    exitCode = 127;
    void stop('the server could not be started');
  });
  child.on('exit', (code, signal) => {
    exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
    void stop(`the server exited with ${signal ?? `code ${code}`}`);
  });
  const lifeline = openLifeline();
  lifeline?.on('end', () => void stop('troupe closed the lifeline'));
  lifeline?.on('close', () => void stop('troupe closed the lifeline'));
  lifeline?.on('error', () => void stop('the lifeline failed'));
  lifeline?.resume();
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal));
  }
}

/** fd 3, the pipe troupe holds open while it wants the server; undefined when there is none. */
function openLifeline(): Socket | undefined {
  try {
    fstatSync(3);
    return new Socket({ fd: 3, readable: true, writable: false });
  } catch {
    return undefined;
  }
}

// When troupe dies, writing to stderr fails with EPIPE: that must not end the launcher
// before it has stopped the group. Should anything else fail here, take the group down
// with it (the launcher included) rather than leave it behind.
process.stderr.on('error', () => {});
process.stdout.on('error', () => {});
process.on('uncaughtException', (error) => {
  log(`failed: ${error.message}`);
  signalGroup(process.pid, 'SIGKILL');
});

const parsed = parseArguments(process.argv.slice(2));
if (typeof parsed === 'string') {
  log(parsed);
  process.exit(2);
} else {
  run(parsed);
}
