/**
 * What happens when an attempt succeeds: its usage is counted (reported, or read from the
 * output by the step's `usage` expressions), the budget is checked, the output is checked
 * against the step's typed `output` fields, then against its quality `gate`; only then is
 * the unit completed. A fan-out step completes when its last child does, with the children's
 * outputs (a list for a map, an object by branch name for a parallel step), and its own
 * output and gate are checked the same way.
 *
 *   typed output wrong  → the attempt failed with `invalid_output` (retryable)
 *   gate, fail_fast     → the run fails at once, naming the gate and the step
 *   gate, fallback      → the attempt failed with `gate_failed`: next target (failure.ts)
 */
import type { CompiledUnit } from '../definition/compile.js';
import { ExpressionFailure, setOwn } from '../expressions/evaluate.js';
import { overspent, release, spend } from './budget.js';
import { failRun } from './ending.js';
import { attemptFailed, unitFailed } from './failure.js';
import { type Turn, type UnitRef, unset } from './turn.js';
import type { StepError, UsageReport } from './types.js';

export function attemptSucceeded(
  turn: Turn,
  ref: UnitRef,
  output: unknown,
  report: UsageReport | undefined,
): void {
  const unit = turn.readUnit(ref);
  const compiled = turn.compiledUnit(ref);
  turn.cancelTimer(`timeout:${turn.unitKey(ref)}:${unit.attempt}`);
  const usage = spend(turn, ref, report ?? usageFromOutput(turn, compiled, output));
  release(turn, ref);
  const over = overspent(turn);
  if (over) {
    turn.endAttempt(ref, 'succeeded', { usage });
    completeUnitNow(turn, ref, output);
    failRun(turn, { ...over, step: turn.unitKey(ref) });
    return;
  }
  const rejection = checkOutput(turn, ref, compiled, output);
  if (rejection) {
    turn.endAttempt(ref, 'failed', { usage, error: rejection.error });
    if (rejection.failFast) {
      unitFailedFast(turn, ref, rejection.error);
      return;
    }
    attemptFailed(turn, ref, rejection.error);
    return;
  }
  turn.endAttempt(ref, 'succeeded', { usage });
  completeUnit(turn, ref, output);
}

/** Complete a unit whose output has passed its checks; a fan-out step may complete with it. */
export function completeUnit(turn: Turn, ref: UnitRef, output: unknown): void {
  completeUnitNow(turn, ref, output);
  if (ref.child === undefined) return;
  const step = turn.readStep(ref.step);
  if (step.status === 'running' && (step.children ?? []).every((child) => child.status === 'completed')) {
    completeFanOut(turn, ref.step);
  }
}

/** All children are done (or there were none): the fan-out step's output is theirs, checked. */
export function completeFanOut(turn: Turn, index: number): void {
  const step = turn.readStep(index);
  const compiled = turn.compiledStep(index);
  const children = step.children ?? [];
  let output: unknown;
  if (compiled.definition.work.kind === 'parallel') {
    const byBranch: Record<string, unknown> = {};
    compiled.children.forEach((branch, position) => {
      setOwn(byBranch, branch.definition.name, children[position]?.output);
    });
    output = byBranch;
  } else output = children.map((child) => child.output);
  const rejection = checkOutput(turn, { step: index }, compiled, output);
  if (!rejection) completeUnitNow(turn, { step: index }, output);
  else if (rejection.failFast) unitFailedFast(turn, { step: index }, rejection.error);
  else unitFailed(turn, { step: index }, rejection.error);
}

function completeUnitNow(turn: Turn, ref: UnitRef, output: unknown): void {
  const done = turn.setStatus(ref, 'completed');
  done.output = output;
  done.endedAt = turn.now;
  unset(done, 'waitingFor');
  unset(done, 'error');
}

/** A fail-fast gate: the unit fails and so does the run, whatever `on_failure` says. */
function unitFailedFast(turn: Turn, ref: UnitRef, error: StepError): void {
  const failed = turn.setStatus(ref, 'failed');
  failed.error = error;
  failed.endedAt = turn.now;
  failRun(turn, { ...error, step: turn.unitKey(ref) });
}

interface Rejection {
  readonly error: StepError;
  readonly failFast: boolean;
}

function checkOutput(
  turn: Turn,
  ref: UnitRef,
  compiled: CompiledUnit,
  output: unknown,
): Rejection | undefined {
  const key = turn.unitKey(ref);
  const problems = compiled.outputCheck?.(output, 'output') ?? [];
  if (problems.length > 0) {
    return {
      error: {
        code: 'invalid_output',
        message: `step "${key}" gave output that does not fit its fields: ${problems.join('; ')}`,
        retryable: true,
      },
      failFast: false,
    };
  }
  const gate = compiled.gate;
  if (gate === undefined) return undefined;
  const failures = [...(gate.check?.(output, 'output') ?? [])];
  const scope = turn.scope(ref, output);
  for (const condition of gate.conditions) {
    const source = condition.kind === 'expression' ? condition.expression.source : 'condition';
    try {
      if (!turn.condition(condition, scope)) failures.push(`${source} is false`);
    } catch (error) {
      if (!(error instanceof ExpressionFailure)) throw error;
      failures.push(error.message);
    }
  }
  if (failures.length === 0) return undefined;
  return {
    error: {
      code: 'gate_failed',
      message: `gate "${gate.name}" of step "${key}" failed: ${failures.join('; ')}`,
      gate: gate.name,
      retryable: false,
    },
    failFast: gate.action === 'fail_fast',
  };
}

/** Usage named by the step's `usage` expressions over its output; fields that are not numbers count 0. */
function usageFromOutput(turn: Turn, compiled: CompiledUnit, output: unknown): UsageReport {
  if (compiled.usage === undefined) return {};
  const read = (field: 'tokens' | 'cost') => {
    const template = compiled.usage?.[field];
    if (template === undefined) return 0;
    try {
      const value = turn.evaluate(template, output);
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
    } catch (error) {
      if (error instanceof ExpressionFailure) return 0;
      throw error;
    }
  };
  return { tokens: read('tokens'), cost: read('cost') };
}
