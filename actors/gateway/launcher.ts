/**
 * The launcher: a tiny program between troupe and a stdio MCP server, so that the server
 * — and everything it starts — never outlives troupe, even after `kill -9` of troupe.
 *
 * ```
 *   troupe ──stdin pipe──▶ launcher ──stdin pipe──▶ server ──▶ grandchildren…
 *          ◀──stdout/stderr (inherited by the server: no copy through the launcher)──
 *   └ process group of troupe ┘  └──── one process group, led by the launcher ────┘
 * ```
 *
 * Run as `node launcher.js [--grace-ms N] -- <command> <args…>`, spawned with
 * `detached: true` so that it leads a new process group (and session); the server and its
 * descendants stay in that group. The launcher relays its stdin to the server and lets the
 * server write straight to the inherited stdout and stderr. When its stdin closes — troupe
 * closed it, or troupe died and the kernel closed it — or it gets SIGTERM, SIGINT or SIGHUP,
 * it stops the group as MCP's stdio shutdown says: close the server's stdin and wait
 * `grace` ms, then SIGTERM the whole group and wait `grace` ms, then SIGKILL what is left.
 * When the server exits by itself, the rest of the group is stopped the same way.
 *
 * The launcher exits with the server's code (128 + signal number for a signal; 127 when
 * the server cannot be started), so its parent learns how the server ended. Its own
 * messages go to stderr, prefixed `troupe-launcher:`. What it cannot do: outlive a
 * `kill -9` of itself (the server then sees its stdin close and most servers exit, but
 * a grandchild may stay), or hold a descendant that left the group on purpose.
 */
import { type ChildProcess, spawn } from 'node:child_process';
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
  const child: ChildProcess = spawn(command, [...args], { stdio: ['pipe', 'inherit', 'inherit'] });
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
    child.stdin?.end();
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
  child.stdin?.on('error', () => {
    // EPIPE: the server closed its stdin or died; its exit is handled above.
  });
  process.stdin.on('end', () => void stop('stdin closed'));
  process.stdin.on('error', () => void stop('stdin failed'));
  if (child.stdin) process.stdin.pipe(child.stdin);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal));
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
