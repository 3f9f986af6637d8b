/**
 * What happens when an attempt fails, in order:
 *
 *   1. retry on the same target, if the error is retryable and attempts remain
 *      (backoff timer; the step waits, then is `ready` again)
 *   2. the next fallback target (tool steps: next provider, `config.fallback`, `guards.fallbacks`)
 *   3. the unit has failed: a fan-out child fails its step (its running siblings are cancelled);
 *      a step applies its `on_failure` — fail the run, continue, go to a step, or compensate.
 *
 * Errors the engine raises that no retry can mend (`invalid_input`, `gate_failed`,
 * `budget_exceeded`, `cancelled`) skip step 1; `invalid_input`, `budget_exceeded` and
 * `cancelled` skip step 2 too (another provider would get the same input).
 */
import { release } from './budget.js';
import { cancelUnit, failRun } from './ending.js';
import { backoffDelay } from './retry.js';
import { isFinished, type Turn, type UnitRef, unset } from './turn.js';
import type { StepError } from './types.js';

const NEVER_RETRIED = new Set(['invalid_input', 'gate_failed', 'budget_exceeded', 'cancelled']);
const NO_FALLBACK = new Set(['invalid_input', 'budget_exceeded', 'cancelled']);

export function attemptFailed(turn: Turn, ref: UnitRef, error: StepError): void {
  const unit = turn.readUnit(ref);
  const definition = turn.compiledUnit(ref).definition;
  const policy = definition.retry;
  const retryable =
    error.retryable !== false &&
    !NEVER_RETRIED.has(error.code) &&
    !policy.nonRetryableErrorTypes.includes(error.code);
  release(turn, ref);
  if (retryable && unit.attemptsOnTarget < policy.maximumAttempts) {
    const delay = backoffDelay(
      policy,
      unit.attemptsOnTarget,
      turn.run.seed,
      turn.idempotencyKey(ref, unit.attempt),
    );
    const waiting = turn.setStatus(ref, 'waiting');
    waiting.waitingFor = 'retry';
    waiting.error = error;
    turn.scheduleTimer(`retry:${turn.unitKey(ref)}:${unit.attempt}`, turn.now + delay, {
      kind: 'retry',
      step: ref.step,
      ...(ref.child === undefined ? {} : { child: ref.child }),
      attempt: unit.attempt,
    });
    return;
  }
  const work = definition.work;
  if (work.kind === 'tool' && !NO_FALLBACK.has(error.code) && unit.target + 1 < work.targets.length) {
    const next = turn.setStatus(ref, 'ready');
    next.target = unit.target + 1;
    next.attemptsOnTarget = 0;
    unset(next, 'waitingFor');
    next.error = error;
    return;
  }
  unitFailed(turn, ref, error);
}

/** The unit has failed for good: no retry, no fallback left. */
export function unitFailed(turn: Turn, ref: UnitRef, error: StepError): void {
  release(turn, ref);
  const failed = turn.setStatus(ref, 'failed');
  failed.error = error;
  failed.endedAt = turn.now;
  unset(failed, 'waitingFor');
  if (ref.child !== undefined) {
    const key = turn.unitKey(ref);
    const siblings = turn.readStep(ref.step).children ?? [];
    siblings.forEach((sibling, child) => {
      if (child === ref.child || isFinished(sibling.status)) return;
      if (sibling.status === 'pending') turn.setStatus({ step: ref.step, child }, 'skipped');
      else cancelUnit(turn, { step: ref.step, child }, `${key} failed`);
    });
    unitFailed(turn, { step: ref.step }, { ...error, message: `${key} failed: ${error.message}` });
    return;
  }
  if (turn.compiledStep(ref.step).role === 'compensation') return;
  stepFailed(turn, ref.step, error);
}

/** A step has failed: its `on_failure` decides what the run does. */
function stepFailed(turn: Turn, index: number, error: StepError): void {
  const step = turn.compiledStep(index);
  const name = step.definition.name;
  const onFailure = step.definition.onFailure;
  switch (onFailure.kind) {
    case 'fail':
      failRun(turn, { ...error, step: name });
      return;
    case 'continue':
      turn.step(index).handled = 'continue';
      return;
    case 'goto': {
      const target = turn.workflow.stepIndex.get(onFailure.step) as number;
      if (turn.readStep(target).status !== 'pending') {
        failRun(turn, {
          ...error,
          step: name,
          message: `${error.message} (on_failure goes to "${onFailure.step}", which has already started)`,
        });
        return;
      }
      turn.step(index).handled = 'goto';
      turn.setStatus({ step: target }, 'ready');
      turn.step(target).forced = true;
      return;
    }
    case 'compensate':
      beginCompensation(turn, index, error, onFailure.steps);
      return;
  }
}

/**
 * Undo what was done: call off every step still going, then queue the compensation steps —
 * of the listed steps in that order, or of every completed step, the last completed first.
 * compensation.ts runs the queue; the run fails when it is through.
 */
function beginCompensation(
  turn: Turn,
  failed: number,
  error: StepError,
  only: readonly string[] | undefined,
): void {
  const name = turn.readStep(failed).name;
  for (let index = 0; index < turn.workflow.mainCount; index++) {
    const status = turn.readStep(index).status;
    if (!isFinished(status) && status !== 'pending')
      cancelUnitTree(turn, index, `compensating after "${name}" failed`);
  }
  const completed = (index: number) => turn.readStep(index).status === 'completed';
  const owners =
    only === undefined
      ? [...Array(turn.workflow.mainCount).keys()]
          .filter((index) => completed(index) && turn.compiledStep(index).compensation !== undefined)
          .sort((a, b) => (turn.readStep(b).endedAt ?? 0) - (turn.readStep(a).endedAt ?? 0) || b - a)
      : only.map((owner) => turn.workflow.stepIndex.get(owner) as number).filter(completed);
  turn.run.phase = 'compensating';
  turn.run.compensation = {
    queue: owners.map((owner) => turn.compiledStep(owner).compensation as number),
    next: 0,
    cause: { ...error, step: name },
    failed: [],
  };
}

function cancelUnitTree(turn: Turn, index: number, reason: string): void {
  const children = turn.readStep(index).children ?? [];
  children.forEach((child, position) => {
    if (!isFinished(child.status)) cancelUnit(turn, { step: index, child: position }, reason);
  });
  cancelUnit(turn, { step: index }, reason);
}
