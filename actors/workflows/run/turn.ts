/**
 * One transition in progress: a copy-on-write draft of the run, the commands given so far,
 * and the helpers every part of the state machine shares (addressing units, timers,
 * progress). `transition` never changes the run it is given: a step, a child or a list is
 * copied the first time this turn changes it, and everything else is shared with the old
 * run. That keeps a turn's cost proportional to what it changes, not to the run's size.
 */
import type { CompiledStep, CompiledUnit, CompiledWorkflow } from '../definition/compile.js';
import {
  type EvaluationScope,
  Evaluations,
  evaluateConditionNow,
  evaluateTemplateNow,
  type StepView,
} from '../expressions/evaluate.js';
import type { CompiledTemplate } from '../expressions/template.js';
import type {
  AttemptRecord,
  StepState,
  TimerPurpose,
  TimerState,
  UnitState,
  Usage,
  WorkflowCommand,
  WorkflowRun,
} from './types.js';
import { keyOfAttempt, unitKeyOf } from './unit-named.js';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Clear an optional field of a draft: only when it is set, so that an object that never had
 * it does not gain a key holding `undefined` (a new shape for the engine, and a field the
 * store would write).
 */
export function unset<T, K extends keyof T>(draft: Mutable<T>, key: K): void {
  if (draft[key] !== undefined) draft[key] = undefined as T[K];
}

/** A unit of execution: a step, or one child (branch or item) of a fan-out step. */
export interface UnitRef {
  readonly step: number;
  readonly child?: number;
}

export class Turn {
  readonly run: Mutable<WorkflowRun>;
  readonly commands: WorkflowCommand[] = [];
  /** Bumped on every change, so a pass over the steps knows whether to look again. */
  revision = 0;
  /** The run as the event found it: what is still its object is not this turn's to change. */
  private readonly before: WorkflowRun;

  constructor(
    readonly workflow: CompiledWorkflow,
    run: WorkflowRun,
    readonly now: number,
    /** JSONata's values this transition has had so far (it is run again for each it needs). */
    readonly evaluations: Evaluations = new Evaluations(),
  ) {
    this.before = run;
    this.run = { ...run };
  }

  // ── reading ───────────────────────────────────────────────────────────────

  readStep(index: number): StepState {
    return this.run.steps[index] as StepState;
  }

  readUnit(ref: UnitRef): UnitState {
    const step = this.readStep(ref.step);
    return ref.child === undefined ? step : (step.children?.[ref.child] as UnitState);
  }

  compiledStep(index: number): CompiledStep {
    return this.workflow.steps[index] as CompiledStep;
  }

  /** The definition a unit runs: the step itself, its branch, or its map's item step. */
  compiledUnit(ref: UnitRef): CompiledUnit {
    const step = this.compiledStep(ref.step);
    if (ref.child === undefined) return step;
    return (
      step.definition.work.kind === 'map' ? step.children[0] : step.children[ref.child]
    ) as CompiledUnit;
  }

  /** `name` or `name[child]`: how a unit is named in keys, timer ids and messages. */
  unitKey(ref: UnitRef): string {
    return unitKeyOf(this.readStep(ref.step).name, ref.child);
  }

  idempotencyKey(ref: UnitRef, attempt: number): string {
    return keyOfAttempt(this.run.id, this.unitKey(ref), attempt);
  }

  // ── changing (copy on write) ──────────────────────────────────────────────

  /**
   * A step to change: copied the first time in this turn — a step (or list) still the very
   * object the run had is not the turn's own yet (no set of copied indexes to keep).
   */
  step(index: number): Mutable<StepState> {
    this.revision += 1;
    if (this.run.steps === this.before.steps) this.run.steps = this.run.steps.slice();
    const steps = this.run.steps as StepState[];
    const step = steps[index] as StepState;
    if (step === this.before.steps[index]) steps[index] = { ...step };
    return steps[index] as Mutable<StepState>;
  }

  unit(ref: UnitRef): Mutable<UnitState> {
    const step = this.step(ref.step);
    if (ref.child === undefined) return step;
    const childrenBefore = this.before.steps[ref.step]?.children;
    if (step.children === undefined || step.children === childrenBefore)
      step.children = (step.children ?? []).slice();
    const children = step.children as UnitState[];
    const child = children[ref.child] as UnitState;
    // A child not started is the shared FRESH_UNIT, in a list this turn made or in the run's.
    if (child === FRESH_UNIT || child === childrenBefore?.[ref.child]) children[ref.child] = { ...child };
    return children[ref.child] as Mutable<UnitState>;
  }

  /** Close the unit's in-flight attempt record (no-op when it has none open). */
  endAttempt(
    ref: UnitRef,
    outcome: 'succeeded' | 'failed' | 'cancelled',
    detail: Pick<Partial<AttemptRecord>, 'error' | 'usage'> = {},
  ): void {
    const attempts = this.readUnit(ref).attempts;
    const last = attempts.at(-1);
    if (last?.outcome !== 'in_flight') return;
    // Field by field, not spread: the spread of a record of several shapes is a slow path, once a step.
    const ended: Mutable<AttemptRecord> = {
      attempt: last.attempt,
      startedAt: last.startedAt,
      outcome,
      endedAt: this.now,
    };
    if (last.idempotencyKey !== undefined) ended.idempotencyKey = last.idempotencyKey;
    if (last.tool !== undefined) ended.tool = last.tool;
    if (last.provider !== undefined) ended.provider = last.provider;
    if (last.acknowledgedAt !== undefined) ended.acknowledgedAt = last.acknowledgedAt;
    if (detail.error !== undefined) ended.error = detail.error;
    // Nothing spent is not written (the stored state stays small): absent reads as nothing.
    if (detail.usage !== undefined && (detail.usage.tokens !== 0 || detail.usage.cost !== 0))
      ended.usage = detail.usage;
    const next = attempts.slice();
    next[next.length - 1] = ended;
    this.unit(ref).attempts = next;
  }

  emit(command: WorkflowCommand): void {
    this.commands.push(command);
  }

  /**
   * Set a unit's status and tell the shell. A status the same unit took just before, with
   * nothing told in between (`ready` then `running` as a step starts), was never committed:
   * only the latest is told.
   */
  setStatus(ref: UnitRef, status: UnitState['status']): Mutable<UnitState> {
    const unit = this.unit(ref);
    unit.status = status;
    const step = this.readStep(ref.step).name;
    const last = this.commands.at(-1);
    if (last?.type === 'progress' && last.step === step && last.child === ref.child) this.commands.pop();
    this.emit(
      ref.child === undefined
        ? { type: 'progress', step, status, attempt: unit.attempt }
        : { type: 'progress', step, child: ref.child, status, attempt: unit.attempt },
    );
    return unit;
  }

  // ── timers ────────────────────────────────────────────────────────────────

  scheduleTimer(id: string, at: number, purpose: TimerPurpose): void {
    this.revision += 1;
    this.run.timers = [...this.run.timers.filter((timer) => timer.id !== id), { id, at, purpose }];
    this.emit({ type: 'schedule-timer', timerId: id, at });
  }

  cancelTimer(id: string): void {
    if (!this.run.timers.some((timer) => timer.id === id)) return;
    this.revision += 1;
    this.run.timers = this.run.timers.filter((timer) => timer.id !== id);
    this.emit({ type: 'cancel-timer', timerId: id });
  }

  /** Remove a timer that fired (the shell knows: no command). */
  takeTimer(id: string): TimerState | undefined {
    const timer = this.run.timers.find((candidate) => candidate.id === id);
    if (timer) {
      this.revision += 1;
      this.run.timers = this.run.timers.filter((candidate) => candidate !== timer);
    }
    return timer;
  }

  // ── expressions ───────────────────────────────────────────────────────────

  /** A template's value over `scope`, at the event's time unless told (`NeedsEvaluation`: see evaluate.ts). */
  evaluate(template: CompiledTemplate, scope: unknown, now = this.now): unknown {
    return evaluateTemplateNow(template, scope, now, this.evaluations);
  }

  /** A condition's truth over `scope`. */
  condition(template: CompiledTemplate, scope: EvaluationScope): boolean {
    return evaluateConditionNow(template, scope, this.now, this.evaluations);
  }

  /** What a unit's expressions see (`item` and `index` for a map's item). */
  scope(ref?: UnitRef, output?: unknown): EvaluationScope {
    const scope: Mutable<EvaluationScope> = {
      trigger: this.run.trigger,
      steps: this.viewsOfSteps(),
      context: this.run.context,
      flags: flagScope(this.run.flags),
      run: { id: this.run.id, usage: usageOf(this.run.usage) },
    };
    if (ref?.child !== undefined && this.compiledStep(ref.step).definition.work.kind === 'map') {
      scope.item = this.readStep(ref.step).items?.[ref.child];
      scope.index = ref.child;
    }
    if (output !== undefined) scope.output = output;
    return scope;
  }

  /** `steps` in expressions: each step's status, output and error. */
  private viewsOfSteps(): Record<string, StepView> {
    const views: Record<string, StepView> = Object.create(null);
    for (const step of this.run.steps) {
      const view: { status: StepView['status']; output?: unknown; error?: StepView['error'] } = {
        status: step.status,
      };
      if (step.output !== undefined) view.output = step.output;
      if (step.error !== undefined) view.error = step.error;
      views[step.name] = view;
    }
    return views;
  }

  // ── units ─────────────────────────────────────────────────────────────────

  /** Every unit in the run, steps first then their children, in step order. */
  *units(): Generator<UnitRef> {
    for (let step = 0; step < this.run.steps.length; step++) {
      yield { step };
      const children = this.readStep(step).children;
      for (let child = 0; child < (children?.length ?? 0); child++) yield { step, child };
    }
  }
}

/** An attempt is with a tool, a sub-workflow or an agent, and its outcome has not come. */
export function isInFlight(unit: UnitState): boolean {
  return unit.status === 'running' || (unit.status === 'waiting' && unit.waitingFor === 'agent');
}

export function isFinished(status: UnitState['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled';
}

/** A unit before its first attempt (shared: the core copies a unit before it changes it). */
export const FRESH_UNIT: UnitState = Object.freeze({
  status: 'pending',
  attempt: 0,
  target: 0,
  attemptsOnTarget: 0,
  attempts: Object.freeze([]) as readonly AttemptRecord[],
});

export const NO_USAGE: Usage = Object.freeze({ tokens: 0, cost: 0 });

/** What a unit or run spent (`usage`) or holds (`reserved`): the field, or nothing when it is absent. */
export function usageOf(usage: Usage | undefined): Usage {
  return usage ?? NO_USAGE;
}

/** The run's flags by name, on an object without a prototype (a flag may be named `constructor`). */
function flagScope(flags: WorkflowRun['flags']): Record<string, boolean> {
  const scope: Record<string, boolean> = Object.create(null);
  for (const [name, enabled] of flags ?? [])
    Object.defineProperty(scope, name, { value: enabled, enumerable: true });
  return scope;
}
