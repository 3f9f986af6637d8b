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
 *
 * After the run's worker thread was replaced within the process (`resync`: a jam, a crash of the
 * thread), what the run committed stands but what it sent after its last commit may have died
 * with the worker — the start of an attempt, the end of the run. Every attempt in flight is sent
 * again unchanged (same attempt, same idempotency key, idempotent or not: the executor that has
 * it drops the copy, and only an attempt it never heard of starts now), and a finished run's end
 * is given again. Nothing fails and no timer is set again (the store's timers survive a thread).
 */

import { resendAttempt } from './attempt.js';
import { release } from './budget.js';
import { isFanOut } from './ending.js';
import { attemptFailed } from './failure.js';
import { toWorkflowResult } from './result.js';
import { isInFlight, type Turn } from './turn.js';
import type { FinalRunStatus } from './types.js';

export function handleRestarted(turn: Turn): string | undefined {
  const run = turn.run;
  if (endAgain(turn)) return undefined;
  if (run.status === 'pending') return 'the run has not started';
  for (const timer of run.timers) turn.emit({ type: 'schedule-timer', timerId: timer.id, at: timer.at });
  for (const ref of [...turn.units()]) {
    if (turn.run.status !== 'running' && turn.run.status !== 'paused') break;
    const unit = turn.readUnit(ref);
    if (!isInFlight(unit) || isFanOut(turn, ref)) continue;
    if (turn.compiledUnit(ref).definition.idempotent) {
      resendAttempt(turn, ref);
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

export function handleResync(turn: Turn): string | undefined {
  if (endAgain(turn)) return undefined;
  if (turn.run.status === 'pending') return 'the run has not started';
  let resent = 0;
  for (const ref of [...turn.units()]) {
    if (!isInFlight(turn.readUnit(ref)) || isFanOut(turn, ref)) continue;
    resendAttempt(turn, ref);
    resent++;
  }
  return resent === 0 ? 'nothing in flight' : undefined;
}

/** A finished run gives its end again (the first `finish-run` may be lost); true when it is finished. */
function endAgain(turn: Turn): boolean {
  const run = turn.run;
  if (run.status !== 'completed' && run.status !== 'failed' && run.status !== 'cancelled') return false;
  turn.emit({
    type: 'finish-run',
    status: run.status as FinalRunStatus,
    result: toWorkflowResult(turn.workflow, run, turn.now),
  });
  return true;
}
