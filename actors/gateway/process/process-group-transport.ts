/**
 * An MCP client `Transport` for a stdio server that runs in a process group of its own,
 * through the launcher (`../launcher.ts`): the same newline-delimited JSON-RPC framing as
 * the SDK's `StdioClientTransport` (its `ReadBuffer` and `serializeMessage`), but
 *
 * - the launcher is spawned `detached`, so the server and all its descendants share a
 *   process group that troupe can stop as a whole, and that stops itself when troupe dies
 *   (the launcher's lifeline, fd 3, closes); the server shares the launcher's stdin and
 *   stdout, so messages go straight between troupe and the server;
 * - stderr is always captured: the last lines are kept ({@link StderrTail}) for crash
 *   reports, and each line can be handed to `onStderrLine` (for logs);
 * - `close()` closes the server's stdin and the launcher's lifeline (the launcher then stops
 *   the group: SIGTERM, SIGKILL, each after `graceMs`) and, if the group is still there
 *   after that, SIGKILLs it from here;
 * - `exit` says how the server ended (the launcher exits with the server's code).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { InternalError } from '../../../src/kernel/index.js';
import { GatewayError } from '../errors.js';
import { signalGroup } from './process-group.js';
import { StderrTail } from './stderr-tail.js';

export const PROCESS_GROUP_TRANSPORT_DEFAULTS = { graceMs: 2_000, stderrLines: 20 } as const;

/** The launcher program, beside this folder once compiled. */
export const LAUNCHER_PATH = fileURLToPath(new URL('../launcher.js', import.meta.url));

export interface ProcessGroupTransportOptions {
  readonly command: string;
  readonly args?: readonly string[];
  /** The whole environment of the server (see `child-environment.ts`). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Each stage of stopping (stdin closed, SIGTERM) waits this long before the next. */
  readonly graceMs?: number;
  /** stderr lines kept for reports. */
  readonly stderrLines?: number;
  readonly onStderrLine?: (line: string) => void;
}

/** How the server ended: the launcher's exit code (the server's), or the signal that killed the launcher. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ProcessGroupTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly stderrTail: StderrTail;
  readonly #options: ProcessGroupTransportOptions;
  readonly #graceMs: number;
  readonly #readBuffer = new ReadBuffer();
  #process: ChildProcess | undefined;
  #closed: Promise<void> | undefined;
  #exit: ProcessExit | undefined;
  #dispatchDeferred = false;

  constructor(options: ProcessGroupTransportOptions) {
    this.#options = options;
    this.#graceMs = options.graceMs ?? PROCESS_GROUP_TRANSPORT_DEFAULTS.graceMs;
    this.stderrTail = new StderrTail(options.stderrLines ?? PROCESS_GROUP_TRANSPORT_DEFAULTS.stderrLines);
  }

  /** The launcher's pid, which is also the process group id of the server and its descendants. */
  get pgid(): number | undefined {
    return this.#process?.pid;
  }

  /** How the server ended, once it has. */
  get exit(): ProcessExit | undefined {
    return this.#exit;
  }

  async start(): Promise<void> {
    if (this.#process) throw new InternalError('ProcessGroupTransport already started');
    const { command, args = [], env, cwd } = this.#options;
    const launcherArgs = [LAUNCHER_PATH, '--grace-ms', String(this.#graceMs), '--', command, ...args];
    const child = spawn(process.execPath, launcherArgs, {
      detached: true,
      // fd 3: the lifeline, held open (never written) for as long as troupe wants the server.
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env,
      ...(cwd === undefined ? {} : { cwd }),
    });
    this.#process = child;
    this.#closed = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.#exit = { code, signal };
        this.#readBuffer.clear();
        resolve();
        this.onclose?.();
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => this.#receive(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of this.stderrTail.write(chunk)) this.#options.onStderrLine?.(line);
    });
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      stream?.on('error', (error) => this.onerror?.(error));
    }
    child.stdio[3]?.on('error', () => {
      // The launcher is gone: its exit is reported by 'close'.
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#process?.stdin;
    if (!stdin || this.#exit || stdin.writableEnded)
      return Promise.reject(
        new GatewayError('server_unavailable', 'the server process is not running (not connected)'),
      );
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Stop the server's whole process group and wait until the launcher is gone. */
  async close(): Promise<void> {
    const child = this.#process;
    if (!child || !this.#closed) return;
    if (!this.#exit) {
      child.stdin?.end();
      child.stdio[3]?.destroy();
      // The launcher needs up to two grace periods; give it a margin, then do its job for it.
      const stopped = await Promise.race([
        this.#closed.then(() => true),
        delay(2 * this.#graceMs + 1_000).then(() => false),
      ]);
      if (!stopped && child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    }
    await this.#closed;
  }

  #receive(chunk: Buffer): void {
    try {
      this.#readBuffer.append(chunk);
    } catch (error) {
      // A line longer than the buffer's cap: the stream cannot be resynchronized.
      this.onerror?.(unreadable(error));
      void this.close();
      return;
    }
    if (!this.#dispatchDeferred) this.#dispatch();
  }

  /**
   * Hand the buffered messages on, in order. After a notification, the rest waits for the
   * next turn of the event loop: the SDK runs notification handlers a microtask later but
   * settles responses at once, so a progress notification read in the same chunk as its
   * request's response would otherwise find its handler already gone (the last progress
   * update of a call would be lost).
   */
  #dispatch(): void {
    this.#dispatchDeferred = false;
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.#readBuffer.readMessage();
      } catch (error) {
        this.onerror?.(unreadable(error));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
      if ('method' in message && !('id' in message)) {
        this.#dispatchDeferred = true;
        setImmediate(() => this.#dispatch());
        return;
      }
    }
  }
}

/** What the server wrote cannot be read as JSON-RPC. */
function unreadable(error: unknown): Error {
  if (error instanceof Error) return error;
  return new GatewayError('downstream_error', `the server wrote an unreadable message: ${String(error)}`);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
