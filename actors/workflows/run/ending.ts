/**
 * How a run ends — completed, failed (fail fast: a step's `on_failure: fail`, a gate, a
 * budget) or cancelled — and how a unit in flight is called off. The bottom of the state
 * machine: everything else may call it, it calls nothing but the turn.
 *
 * Ending a run cancels every attempt still in flight (a `cancel-step` carrying its
 * idempotency key), clears every timer, marks steps that never started `skipped`
 * (`run_ended`), and gives `finish-run` with the result.
 */
import { release } from './budget.js';
import { toWorkflowResult } from './result.js';
import { isFinished, isInFlight, type Turn, type UnitRef, unset } from './turn.js';
import type { FinalRunStatus, RunError } from './types.js';

export function failRun(turn: Turn, error: RunError): void {
  endRun(turn, 'failed', error);
}

export function cancelRun(turn: Turn, reason: string): void {
  endRun(turn, 'cancelled', { code: 'cancelled', message: reason });
}

export function completeRun(turn: Turn): void {
  endRun(turn, 'completed', undefined);
}

/** Call a unit off: its attempt in flight is cancelled, its timers cleared, its estimate released. */
export function cancelUnit(turn: Turn, ref: UnitRef, reason: string): void {
  const unit = turn.readUnit(ref);
  if (isFinished(unit.status)) return;
  if (isInFlight(unit) && !isFanOut(turn, ref)) {
    turn.emit({
      type: 'cancel-step',
      step: turn.readStep(ref.step).name,
      ...(ref.child === undefined ? {} : { child: ref.child }),
      attempt: unit.attempt,
      idempotencyKey: turn.idempotencyKey(ref, unit.attempt),
      reason,
    });
    turn.endAttempt(ref, 'cancelled');
  }
  for (const timer of turn.run.timers) {
    const purpose = timer.purpose;
    if (purpose.kind !== 'budget' && purpose.step === ref.step && purpose.child === ref.child)
      turn.cancelTimer(timer.id);
  }
  release(turn, ref);
  const cancelled = turn.setStatus(ref, 'cancelled');
  cancelled.endedAt = turn.now;
  unset(cancelled, 'waitingFor');
}

/** A fan-out step itself runs nothing: its children do. */
export function isFanOut(turn: Turn, ref: UnitRef): boolean {
  if (ref.child !== undefined) return false;
  const kind = turn.compiledStep(ref.step).definition.work.kind;
  return kind === 'parallel' || kind === 'map';
}

function endRun(turn: Turn, status: FinalRunStatus, error: RunError | undefined): void {
  const reason = status === 'completed' ? 'the run completed' : `the run ${status}: ${error?.message ?? ''}`;
  for (const ref of [...turn.units()]) {
    const unit = turn.readUnit(ref);
    if (isFinished(unit.status)) continue;
    const compensation = turn.compiledStep(ref.step).role === 'compensation';
    if (unit.status === 'pending' || unit.status === 'ready') {
      if (compensation && unit.status === 'pending') continue;
      const skipped = turn.setStatus(ref, 'skipped');
      unset(skipped, 'waitingFor');
      if (ref.child === undefined) turn.step(ref.step).skipReason = 'run_ended';
      continue;
    }
    cancelUnit(turn, ref, reason);
  }
  for (const timer of turn.run.timers) turn.cancelTimer(timer.id);
  turn.run.status = status;
  turn.run.endedAt = turn.now;
  if (error !== undefined) turn.run.error = error;
  turn.revision += 1;
  turn.emit({ type: 'run-status', status });
  turn.emit({ type: 'finish-run', status, result: toWorkflowResult(turn.workflow, turn.run, turn.now) });
}
