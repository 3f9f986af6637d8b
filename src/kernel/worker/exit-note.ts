/**
 * `noteExitCalls`: on a worker thread, `process.exit` ends the thread, and Node tells the main
 * thread nothing but the code. This wraps it so that the thread first writes down where it
 * was called (`wire/death-note.ts`): the main thread's `WorkerCrashedError` then names the
 * code that ended the thread, not only its exit code.
 */
import { writeDeathNote } from '../wire/death-note.js';

export function noteExitCalls(buffer: SharedArrayBuffer): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    const exitCode = Number(code ?? process.exitCode ?? 0);
    const stack = new Error(`process.exit(${String(code ?? '')})`).stack ?? '';
    writeDeathNote(buffer, { exitCode: Number.isInteger(exitCode) ? exitCode : 1, stack });
    return exit(code);
  }) as typeof process.exit;
}
