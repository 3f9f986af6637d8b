/**
 * One handler per event: each records what the event says and returns why it was ignored,
 * if it was (a stale attempt, a timer already cleared, a finished run). Starting what comes
 * next is not theirs: transition.ts calls the scheduler after every handled event.
 *
 * An outcome counts only for the attempt in flight: `step-succeeded` for attempt 2 after
 * attempt 2 timed out, or for a step the run already cancelled, is ignored — that is how a
 * late answer from a downstream that was told to stop is kept out.
 */
import { InvalidArgumentError } from '../../../src/kernel/index.js';
import { release, spend, wallTimeExceeded } from './budget.js';
import { cancelRun, failRun, isFanOut } from './ending.js';
import { attemptFailed } from './failure.js';
import { attemptSucceeded } from './success.js';
import { isFinished, isInFlight, type Turn, type UnitRef, unset } from './turn.js';
import type { WorkflowEvent } from './types.js';

/** Why the event was ignored, or undefined when it was used. */
type Handled = string | undefined;

export function handleEvent(turn: Turn, event: WorkflowEvent): Handled {
  const run = turn.run;
  const finished = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  if (finished) return `the run has ended (${run.status})`;
  switch (event.type) {
    case 'start':
      if (run.status !== 'pending') return 'the run has already started';
      run.status = 'running';
      run.startedAt = turn.now;
      turn.revision += 1;
      turn.emit({ type: 'run-status', status: 'running' });
      if (turn.workflow.definition.guards.budget.maxMs !== undefined) {
        turn.scheduleTimer('budget:maxMs', turn.now + turn.workflow.definition.guards.budget.maxMs, {
          kind: 'budget',
        });
      }
      return undefined;
    case 'cancel':
      cancelRun(turn, event.reason ?? 'cancelled');
      return undefined;
    case 'pause':
    case 'resume': {
      const [from, to] =
        event.type === 'pause' ? (['running', 'paused'] as const) : (['paused', 'running'] as const);
      if (run.status !== from) return `the run is ${run.status}, not ${from}`;
      run.status = to;
      turn.revision += 1;
      turn.emit({ type: 'run-status', status: to });
      return undefined;
    }
    case 'signal-received':
      return signalReceived(turn, event.signal, event.payload);
    case 'timer-fired':
      return timerFired(turn, event.timerId);
    case 'step-started': {
      const ref = inFlightAttempt(turn, event);
      if (typeof ref === 'string') return ref;
      turn.unit(ref).attempts = turn
        .readUnit(ref)
        .attempts.map((record) =>
          record.attempt === event.attempt ? { ...record, acknowledgedAt: turn.now } : record,
        );
      if (turn.readUnit(ref).status === 'waiting') unset(turn.setStatus(ref, 'running'), 'waitingFor');
      return undefined;
    }
    case 'step-succeeded': {
      const ref = inFlightAttempt(turn, event);
      if (typeof ref === 'string') return ref;
      attemptSucceeded(turn, ref, event.output, event.usage);
      return undefined;
    }
    case 'step-failed': {
      const ref = inFlightAttempt(turn, event);
      if (typeof ref === 'string') return ref;
      turn.cancelTimer(`timeout:${turn.unitKey(ref)}:${event.attempt}`);
      const usage = spend(turn, ref, event.usage);
      const error = {
        code: event.error.code,
        message: event.error.message,
        ...(event.error.retryable === undefined ? {} : { retryable: event.error.retryable }),
      };
      turn.endAttempt(ref, 'failed', { error, usage });
      attemptFailed(turn, ref, error);
      return undefined;
    }
    case 'budget-tick': {
      if (event.usage === undefined) return undefined;
      const ref = inFlightAttempt(turn, event.usage);
      if (typeof ref === 'string') return ref;
      spend(turn, ref, event.usage);
      return undefined;
    }
    case 'restarted':
    case 'resync':
      throw new Error(`unreachable: transition.ts hands "${event.type}" to recovery.ts`);
  }
}

function signalReceived(turn: Turn, signal: string, payload: unknown): Handled {
  if (!turn.workflow.signals.has(signal)) return `no wait step waits for signal "${signal}"`;
  for (const ref of turn.units()) {
    const unit = turn.readUnit(ref);
    const work = turn.compiledUnit(ref).definition.work;
    if (
      unit.status === 'waiting' &&
      unit.waitingFor === 'signal' &&
      work.kind === 'wait' &&
      work.signal === signal
    ) {
      attemptSucceeded(turn, ref, payload, undefined);
      return undefined;
    }
  }
  // No wait has come to it yet: keep the signal for the first that does.
  turn.run.signals = [...turn.run.signals, { signal, payload, receivedAt: turn.now }];
  turn.revision += 1;
  return undefined;
}

function timerFired(turn: Turn, timerId: string): Handled {
  const timer = turn.takeTimer(timerId);
  if (timer === undefined) return `no timer "${timerId}" is set`;
  const purpose = timer.purpose;
  if (purpose.kind === 'budget') {
    // An undo under way finishes: stopping it halfway would leave things half undone.
    if (turn.run.phase === 'compensating') return undefined;
    failRun(turn, wallTimeExceeded(turn));
    return undefined;
  }
  const ref: UnitRef = {
    step: purpose.step,
    ...(purpose.child === undefined ? {} : { child: purpose.child }),
  };
  const unit = turn.readUnit(ref);
  if (unit.attempt !== purpose.attempt || isFinished(unit.status))
    return `timer "${timerId}" is for an attempt that has ended`;
  switch (purpose.kind) {
    case 'retry':
      if (unit.status !== 'waiting' || unit.waitingFor !== 'retry') return `timer "${timerId}" is stale`;
      unset(turn.setStatus(ref, 'ready'), 'waitingFor');
      return undefined;
    case 'wait':
      if (unit.waitingFor !== 'timer') return `timer "${timerId}" is stale`;
      attemptSucceeded(turn, ref, { firedAt: turn.now, scheduledFor: timer.at }, undefined);
      return undefined;
    case 'timeout': {
      const waitingForSignal = unit.status === 'waiting' && unit.waitingFor === 'signal';
      if (!isInFlight(unit) && !waitingForSignal) return `timer "${timerId}" is stale`;
      const key = turn.unitKey(ref);
      const timeoutMs = timer.at - (unit.attempts.at(-1)?.startedAt ?? timer.at);
      const error = {
        code: 'timeout',
        message: `step "${key}" attempt ${unit.attempt} timed out after ${timeoutMs} ms`,
        retryable: true,
      };
      if (isInFlight(unit)) {
        turn.emit({
          type: 'cancel-step',
          step: turn.readStep(ref.step).name,
          ...(ref.child === undefined ? {} : { child: ref.child }),
          attempt: unit.attempt,
          idempotencyKey: turn.idempotencyKey(ref, unit.attempt),
          reason: error.message,
        });
      }
      turn.endAttempt(ref, 'failed', { error });
      release(turn, ref);
      attemptFailed(turn, ref, error);
      return undefined;
    }
  }
}

/** The unit an outcome names, if the attempt it names is the one in flight; else why not. */
function inFlightAttempt(
  turn: Turn,
  address: { step: string; child?: number | undefined; attempt: number },
): UnitRef | string {
  const step = turn.workflow.stepIndex.get(address.step);
  if (step === undefined) {
    throw new InvalidArgumentError(
      'event.step',
      `names no step of workflow "${turn.workflow.definition.name}": "${address.step}"`,
    );
  }
  const ref: UnitRef = address.child === undefined ? { step } : { step, child: address.child };
  if (isFanOut(turn, { step }) !== (address.child !== undefined)) {
    throw new InvalidArgumentError(
      'event.child',
      address.child === undefined
        ? `is required for fan-out step "${address.step}"`
        : `is only for fan-out steps, and "${address.step}" is not one`,
    );
  }
  const unit = turn.readUnit(ref);
  if (unit === undefined) return `step "${address.step}" has no child ${address.child} (yet)`;
  if (unit.attempt !== address.attempt || !isInFlight(unit)) {
    return `attempt ${address.attempt} of "${turn.unitKey(ref)}" is not in flight (it is ${unit.status}, attempt ${unit.attempt})`;
  }
  return ref;
}
