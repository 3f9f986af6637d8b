/**
 * Why a worker thread died, read from what piscina rejected its host task with: an exit
 * (`worker exited with code: N`), a resource limit (`ERR_WORKER_OUT_OF_MEMORY`, …), an
 * uncaught error (the error itself), or the watchdog's verdict when the pool ended the
 * worker for a jam. It becomes the `WorkerCrashedError` every call in flight fails with.
 *
 * It does not replace threads (`thread-pool.ts`).
 */
import { describe, type WorkerDeath } from '../errors.js';

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

/** What `cause` (the host task's rejection) says about the worker's death; `jam`: the watchdog ended it. */
export function describeWorkerDeath(cause: unknown, jam: JamVerdict | null): WorkerDeath {
  if (jam !== null)
    return {
      cause: 'jammed',
      detail: `the watchdog ended it: ${jam.reason}`,
      ...(jam.actorId === null ? {} : { jammedBy: jam.actorId }),
    };
  const code = (cause as { code?: unknown } | null)?.code;
  const message = describe(cause);
  if ((typeof code === 'string' && RESOURCE_LIMIT_CODES.has(code)) || /memory limit/i.test(message))
    return { cause: 'resource-limit', detail: `it exceeded its resource limits (${message})` };
  const exited = EXITED.exec(message);
  if (exited) {
    const exitCode = Number(exited[1]);
    return { cause: 'exit', detail: `it exited with code ${exitCode}`, exitCode };
  }
  if (cause instanceof Error)
    return { cause: 'uncaught-error', detail: `uncaught ${cause.name}: ${message}` };
  return { cause: 'unknown', detail: message };
}
