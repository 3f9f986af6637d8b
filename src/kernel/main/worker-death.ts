/**
 * Why a worker thread died, read from what piscina rejected its host task with: an exit
 * (`worker exited with code: N` — with where `process.exit` was called, from the thread's
 * death note), a resource limit (`ERR_WORKER_OUT_OF_MEMORY`, … — with the limit it hit), an
 * uncaught error (the error itself, with its stack), or the watchdog's verdict when the pool
 * ended the worker for a jam. It becomes the `WorkerCrashedError` every call in flight fails with.
 *
 * It does not replace threads (`thread-pool.ts`).
 */
import { getHeapStatistics } from 'node:v8';
import { describe, type WorkerDeath } from '../errors.js';
import type { DeathNote } from '../wire/death-note.js';
import type { ResolvedSystemOptions } from './options.js';

const EXITED = /worker exited with code:?\s*(-?\d+)/i;
/** Node's codes for a worker that reached its `resourceLimits`. */
const RESOURCE_LIMIT_CODES: ReadonlySet<string> = new Set([
  'ERR_WORKER_OUT_OF_MEMORY',
  'ERR_WORKER_INIT_FAILED',
]);

/** The watchdog's verdict on a worker it ended: why, and whose turn jammed (none: its event loop). */
export interface JamVerdict {
  readonly reason: string;
  readonly actorId: string | null;
}

/** What the pool knows besides the rejection: the thread's last words, and the limits it ran under. */
export interface DeathContext {
  readonly note: DeathNote | null;
  readonly limits: ResolvedSystemOptions['workerResourceLimits'];
}

const NO_CONTEXT: DeathContext = { note: null, limits: {} };

/** What `cause` (the host task's rejection) says about the worker's death; `jam`: the watchdog ended it. */
export function describeWorkerDeath(
  cause: unknown,
  jam: JamVerdict | null,
  context = NO_CONTEXT,
): WorkerDeath {
  if (jam !== null)
    return {
      cause: 'jammed',
      detail: `the watchdog ended it: ${jam.reason}`,
      ...(jam.actorId === null ? {} : { jammedBy: jam.actorId }),
    };
  const code = (cause as { code?: unknown } | null)?.code;
  const message = describe(cause);
  if ((typeof code === 'string' && RESOURCE_LIMIT_CODES.has(code)) || /memory limit/i.test(message))
    return {
      cause: 'resource-limit',
      detail: `it exceeded its resource limits (${describeLimits(context.limits)}): ${message}`,
    };
  const exited = EXITED.exec(message);
  // An uncaught error ends a worker through process.exit too: Node's error is the better word.
  if (!exited && cause instanceof Error)
    return {
      cause: 'uncaught-error',
      detail: `uncaught ${cause.name}: ${message}`,
      ...(cause.stack ? { workerStack: cause.stack } : {}),
    };
  const { note } = context;
  if (exited || note) {
    const exitCode = exited ? Number(exited[1]) : (note?.exitCode ?? 0);
    const caller = note ? callerOf(note.stack) : null;
    return {
      cause: 'exit',
      detail: `it exited with code ${exitCode}${caller ? ` (process.exit called ${caller})` : ''}`,
      exitCode,
      ...(note ? { workerStack: note.stack } : {}),
    };
  }
  return { cause: 'unknown', detail: message };
}

/**
 * The limits a worker ran under, as a reader wants them: the ones set, and the heap limit it had
 * when no old-generation limit was set.
 */
function describeLimits(limits: DeathContext['limits']): string {
  const set = Object.entries(limits).filter(([, value]) => value !== undefined);
  const listed = set.map(([name, value]) => `${name} ${value}`).join(', ');
  if (limits.maxOldGenerationSizeMb !== undefined) return listed;
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  const heap = `Node's default heap limit, ${heapMb} MB — workerResourceLimits.maxOldGenerationSizeMb sets one`;
  return set.length === 0 ? `none set: ${heap}` : `${listed}; ${heap}`;
}

/** The first frame of a `process.exit` stack that is not the wrapper's own (`worker/exit-note.ts`). */
function callerOf(stack: string): string | null {
  const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
  const frame = frames.find((line) => !line.includes('exit-note.')) ?? null;
  return frame === null ? null : frame.trim();
}
