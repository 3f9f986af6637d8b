/**
 * After a crash: the run is loaded again (its last committed state, or `replay` of its
 * journal) and handed the `restarted` event. What was committed stands — a completed step is
 * never run again. What was under way:
 *
 *   timers            set again (same ids: a timer the shell kept is not doubled)
 *   attempt in flight, step idempotent (agent tasks, sub-workflows, tools marked so)
 *                     sent again with the same attempt number and idempotency key
 *   attempt in flight, otherwise
 *                     failed with `outcome_unknown` (retryable): retried if its policy has
 *                     attempts left, else the step fails and `on_failure` applies
 *   finished run      `finish-run` given again, in case the first was lost
 */

import { resendAttempt } from './attempt.js';
import { release } from './budget.js';
import { isFanOut } from './ending.js';
import { attemptFailed } from './failure.js';
import { toWorkflowResult } from './result.js';
import { isInFlight, type Turn } from './turn.js';
import type { FinalRunStatus } from './types.js';

export async function handleRestarted(turn: Turn): Promise<string | undefined> {
  const run = turn.run;
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled') {
    turn.emit({
      type: 'finish-run',
      status: run.status as FinalRunStatus,
      result: toWorkflowResult(run, turn.now),
    });
    return undefined;
  }
  if (run.status === 'pending') return 'the run has not started';
  for (const timer of run.timers) turn.emit({ type: 'schedule-timer', timerId: timer.id, at: timer.at });
  for (const ref of [...turn.units()]) {
    if (turn.run.status !== 'running' && turn.run.status !== 'paused') break;
    const unit = turn.readUnit(ref);
    if (!isInFlight(unit) || isFanOut(turn, ref)) continue;
    if (turn.compiledUnit(ref).definition.idempotent) {
      await resendAttempt(turn, ref);
      continue;
    }
    const error = {
      code: 'outcome_unknown',
      message: `the run restarted while attempt ${unit.attempt} of "${turn.unitKey(ref)}" was in flight: its outcome is unknown`,
      retryable: true,
    };
    turn.cancelTimer(`timeout:${turn.unitKey(ref)}:${unit.attempt}`);
    turn.endAttempt(ref, 'failed', { error });
    release(turn, ref);
    attemptFailed(turn, ref, error);
  }
  return undefined;
}
