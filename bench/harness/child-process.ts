/**
 * A Node child process for scenarios that measure a process start (restart, recovery):
 * start a script, read its stdout as JSON lines, time when a line arrived (ms since the
 * spawn, on this process's monotonic clock), and kill it. A child that exits or errors
 * while a line is awaited rejects the wait instead of hanging it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nowMs } from './measure.js';

export interface TimedLine<T> {
  readonly line: T;
  /** ms from the spawn call to the arrival of the line. */
  readonly atMs: number;
}

export class NodeChild {
  private readonly child: ChildProcess;
  private readonly spawnedAt: number;
  private readonly lines: TimedLine<unknown>[] = [];
  private readonly listeners = new Set<(timed: TimedLine<unknown>) => void>();
  private partial = '';
  private stderr = '';
  private exit: string | null = null;
  readonly ended: Promise<string>;

  constructor(script: URL, args: readonly string[]) {
    this.spawnedAt = nowMs();
    this.child = spawn(process.execPath, [fileURLToPath(script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4_000);
    });
    this.ended = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.exit = signal ?? `exit ${code}`;
        resolve(this.exit);
      });
    });
  }

  /** The first line `accept` takes (also one already received), with its arrival time. */
  waitFor<T>(accept: (line: unknown) => line is T, timeoutMs: number, what: string): Promise<TimedLine<T>> {
    const seen = this.lines.find((timed) => accept(timed.line));
    if (seen) return Promise.resolve(seen as TimedLine<T>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`no ${what} within ${timeoutMs} ms${this.describe()}`)),
        timeoutMs,
      );
      const listener = (timed: TimedLine<unknown>) => {
        if (accept(timed.line)) done(null, timed as TimedLine<T>);
      };
      const done = (error: Error | null, timed?: TimedLine<T>) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        if (error) reject(error);
        else resolve(timed as TimedLine<T>);
      };
      this.listeners.add(listener);
      void this.ended.then(() => done(new Error(`child ended before ${what}${this.describe()}`)));
    });
  }

  /** SIGKILL (the point of a crash benchmark), then wait until it is gone. */
  async kill(): Promise<void> {
    if (this.exit === null) this.child.kill('SIGKILL');
    await this.ended;
  }

  private describe(): string {
    return ` (child ${this.exit ?? 'running'}; stderr: ${this.stderr.trim().slice(-1_000) || 'empty'})`;
  }

  private onData(chunk: string): void {
    const atMs = nowMs() - this.spawnedAt;
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      let line: unknown;
      try {
        line = JSON.parse(part);
      } catch {
        continue;
      }
      const timed = { line, atMs };
      this.lines.push(timed);
      for (const listener of this.listeners) listener(timed);
    }
  }
}

/** A line `{ kind }` of a child speaking JSON lines. */
export function isLineOfKind<K extends string>(kind: K) {
  return (line: unknown): line is { kind: K } & Record<string, unknown> =>
    typeof line === 'object' && line !== null && (line as { kind?: unknown }).kind === kind;
}
