/**
 * What runs next, decided after every event: a pass over the steps in dependency order that
 *
 *   - skips a pending step whose dependency failed or was skipped for a failure
 *     (`upstream_failed`), and one whose `when` is false (`when`: dependents still run);
 *   - starts a step whose dependencies all completed, were skipped by `when`, or failed
 *     with `on_failure: continue` — or that an `on_failure: goto` made ready;
 *   - fills a fan-out step's free slots;
 *   - completes the run when every step is done.
 *
 * Passes repeat while one changes something an earlier step may see (a goto target can come
 * before the step that failed). Nothing starts while the run is paused. During compensation
 * only the compensation queue moves (compensation.ts).
 */
import { ExpressionFailure } from '../expressions/evaluate.js';
import { startAttempt } from './attempt.js';
import { continueCompensation } from './compensation.js';
import { completeRun, isFanOut } from './ending.js';
import { unitFailed } from './failure.js';
import { fillSlots, startFanOut } from './fanout.js';
import type { Turn } from './turn.js';
import type { StepState } from './types.js';

export function advance(turn: Turn): void {
  for (let pass = 0; pass <= turn.workflow.mainCount + 1; pass++) {
    if (turn.run.status !== 'running') return;
    if (turn.run.phase === 'compensating') {
      continueCompensation(turn);
      return;
    }
    const before = turn.revision;
    passOverSteps(turn);
    if (turn.run.status !== 'running' || turn.run.phase !== 'steps') continue;
    if (allStepsDone(turn)) {
      completeRun(turn);
      return;
    }
    if (turn.revision === before) return;
  }
}

function passOverSteps(turn: Turn): void {
  for (const index of turn.workflow.order) {
    if (turn.run.status !== 'running' || turn.run.phase !== 'steps') return;
    const status = turn.readStep(index).status;
    // Only a step that may start or fill a slot has anything to do here.
    if (status !== 'pending' && status !== 'ready' && status !== 'running') continue;
    const ref = { step: index };
    if (status === 'pending') {
      const dependencies = dependencyState(turn, index);
      if (dependencies === 'waiting') continue;
      if (dependencies === 'blocked') {
        skip(turn, index, 'upstream_failed');
        continue;
      }
      const when = turn.compiledStep(index).when;
      if (when !== undefined) {
        let go: boolean;
        try {
          go = turn.condition(when, turn.scope(ref));
        } catch (error) {
          if (!(error instanceof ExpressionFailure)) throw error;
          unitFailed(turn, ref, {
            code: 'invalid_input',
            message: `step "${turn.readStep(index).name}": when: ${error.message}`,
            retryable: false,
          });
          continue;
        }
        if (!go) {
          skip(turn, index, 'when');
          continue;
        }
      }
      turn.setStatus(ref, 'ready');
    }
    const fanOut = isFanOut(turn, ref);
    if (turn.readStep(index).status === 'ready') {
      if (fanOut) startFanOut(turn, index);
      else startAttempt(turn, ref);
    }
    if (fanOut && turn.readStep(index).status === 'running') fillSlots(turn, index);
  }
}

type DependencyState = 'satisfied' | 'waiting' | 'blocked';

function dependencyState(turn: Turn, index: number): DependencyState {
  let waiting = false;
  for (const dependency of turn.compiledStep(index).dependsOn) {
    const step = turn.readStep(dependency);
    if (passes(step)) continue;
    if (step.status === 'skipped' || step.status === 'failed' || step.status === 'cancelled')
      return 'blocked';
    waiting = true;
  }
  return waiting ? 'waiting' : 'satisfied';
}

/** A dependency that lets its dependents run. */
function passes(step: StepState): boolean {
  return (
    step.status === 'completed' ||
    (step.status === 'skipped' && step.skipReason === 'when') ||
    (step.status === 'failed' && step.handled === 'continue')
  );
}

function skip(turn: Turn, index: number, reason: StepState['skipReason']): void {
  turn.setStatus({ step: index }, 'skipped');
  const step = turn.step(index);
  step.skipReason = reason;
  step.endedAt = turn.now;
}

function allStepsDone(turn: Turn): boolean {
  for (let index = 0; index < turn.workflow.mainCount; index++) {
    const step = turn.readStep(index);
    const done =
      step.status === 'completed' ||
      step.status === 'skipped' ||
      (step.status === 'failed' && step.handled !== undefined);
    if (!done) return false;
  }
  return true;
}
