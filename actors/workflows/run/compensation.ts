/**
 * Running the compensation queue that `on_failure: compensate` set up (failure.ts): one
 * compensation step at a time, in queue order, each with its own retry policy. A
 * compensation that fails is noted and the next one runs all the same — an undo that stops
 * halfway is worse than one that reports what it could not undo. When the queue is through
 * the run fails with the original error, marked `compensated` (and `compensationFailed`).
 */
import { startAttempt } from './attempt.js';
import { failRun } from './ending.js';
import type { Turn } from './turn.js';

export function continueCompensation(turn: Turn): void {
  while (turn.run.status === 'running' && turn.run.compensation !== undefined) {
    const compensation = turn.run.compensation;
    const index = compensation.queue[compensation.next];
    if (index === undefined) {
      failRun(turn, {
        ...compensation.cause,
        compensated: true,
        ...(compensation.failed.length === 0 ? {} : { compensationFailed: compensation.failed }),
      });
      return;
    }
    const step = turn.readStep(index);
    switch (step.status) {
      case 'pending':
      case 'ready':
        startAttempt(turn, { step: index });
        if (turn.readStep(index).status === step.status) return;
        continue;
      case 'completed':
      case 'skipped':
      case 'cancelled':
      case 'failed':
        turn.run.compensation = {
          ...compensation,
          next: compensation.next + 1,
          failed: step.status === 'failed' ? [...compensation.failed, step.name] : compensation.failed,
        };
        turn.revision += 1;
        continue;
      case 'running':
      case 'waiting':
        return;
    }
  }
}
