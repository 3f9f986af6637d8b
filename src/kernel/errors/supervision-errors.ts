/**
 * The errors supervision itself reports: a thread the watchdog found jammed, and a
 * supervisor whose children fail faster than its restart intensity allows. They are what
 * an `actor-failed` event carries when the failure is the runtime's verdict rather than a
 * throw in user code.
 */
import { TroupeError } from './troupe-error.js';

/** A turn (or the event loop) of a worker thread made no progress within its budget. */
export class ThreadJammedError extends TroupeError {
  readonly thread: number;
  readonly reason: string;
  constructor(thread: number, reason: string) {
    super('thread_jammed', `jammed thread ${thread}: ${reason}`);
    this.thread = thread;
    this.reason = reason;
  }
}

/** A supervisor exceeded its restart intensity after a child exited. */
export class RestartIntensityError extends TroupeError {
  readonly supervisor: string;
  readonly child: string;
  constructor(supervisor: string, child: string, intensity: number, periodMs: number) {
    super(
      'restart_intensity_reached',
      `reached max restart intensity (${intensity} in ${periodMs} ms) after child "${child}" exited`,
    );
    this.supervisor = supervisor;
    this.child = child;
  }
}
