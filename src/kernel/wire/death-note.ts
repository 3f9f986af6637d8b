/**
 * A worker thread's last words: where `process.exit` was called, written by the thread into
 * a SharedArrayBuffer just before it exits, read by the main thread once the worker is gone
 * (`main/worker-death.ts`). Node tells the main thread only the exit code; this tells it who.
 *
 * ```
 *   Int32 [0] written   0 until the thread exits through process.exit, then 1
 *   Int32 [1] code      the exit code it asked for
 *   Int32 [2] length    bytes of the stack that follow
 *   from byte 12        the stack of the process.exit call, UTF-8, cut to fit
 * ```
 * One buffer per worker (a fresh one with each thread task): a note is never a previous
 * worker's. The uncaught errors and resource limits that end a worker are told by Node
 * itself; only an exit needs this.
 */
const HEADER_BYTES = 12;
export const DEATH_NOTE_BYTES = 4_096;

export interface DeathNote {
  readonly exitCode: number;
  /** The stack of the `process.exit` call: which code ended the thread. */
  readonly stack: string;
}

export function createDeathNoteBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(DEATH_NOTE_BYTES);
}

export function writeDeathNote(buffer: SharedArrayBuffer, note: DeathNote): void {
  const header = new Int32Array(buffer, 0, 3);
  const { written } = new TextEncoder().encodeInto(
    note.stack,
    new Uint8Array(buffer, HEADER_BYTES, DEATH_NOTE_BYTES - HEADER_BYTES),
  );
  header[1] = note.exitCode;
  header[2] = written;
  Atomics.store(header, 0, 1);
}

/** The note the thread left, or `null` when it did not end through `process.exit`. */
export function readDeathNote(buffer: SharedArrayBuffer): DeathNote | null {
  const header = new Int32Array(buffer, 0, 3);
  if (Atomics.load(header, 0) !== 1) return null;
  const length = Math.min(header[2] ?? 0, DEATH_NOTE_BYTES - HEADER_BYTES);
  // A view of shared memory cannot be decoded in place: copy the bytes out first.
  const bytes = new Uint8Array(buffer, HEADER_BYTES, length).slice();
  return { exitCode: header[1] ?? 0, stack: new TextDecoder().decode(bytes) };
}
