/**
 * What `troupe inspect` (a view, `--watch`, or `--web`) reads and writes through: the process's
 * streams, its stop signal and its environment — injected, so tests drive it without a terminal.
 */
import type { Writable } from 'node:stream';

export interface InspectIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Ends a `--watch` when it ends (Ctrl-C ends it through `stop` too). */
  readonly stdin: NodeJS.ReadableStream;
  /** Resolves when the user asks to stop (SIGINT / SIGTERM). */
  readonly stop: Promise<void>;
  /** Where `TROUPE_AGENT_TOKEN` is read from (a token never goes on the command line: `ps` shows it). */
  readonly env: NodeJS.ProcessEnv;
}
