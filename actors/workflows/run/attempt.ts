/**
 * Starting an attempt of a unit (a leaf step, a fan-out child, a compensation step): check
 * the budget, resolve the input, number the attempt, hold its estimate, and tell the shell
 * what to do — a `start-step` (tool call, agent task, sub-workflow) with its idempotency key
 * and timeout — or, for a wait, set its timer, or take a signal that came before it.
 *
 * Also sending again an attempt that was in flight at a crash (recovery.ts): same attempt,
 * same key, input resolved again from the same state and the time it first started.
 */
import type { CompiledUnit } from '../definition/compile.js';
import { untilTime } from '../definition/compile.js';
import type { FallbackTarget, StepDefinition } from '../definition/types.js';
import { ExpressionFailure } from '../expressions/evaluate.js';
import { reserve, unaffordable, wallDeadline } from './budget.js';
import { failRun } from './ending.js';
import { unitFailed } from './failure.js';
import { attemptSucceeded } from './success.js';
import { type Mutable, type Turn, type UnitRef, unset } from './turn.js';
import type { AttemptRecord, WorkflowCommand, WorkOrder } from './types.js';
import { attemptKeyOf } from './unit-named.js';

type StartStepCommand = Extract<WorkflowCommand, { type: 'start-step' }>;

export function startAttempt(turn: Turn, ref: UnitRef): void {
  const compiled = turn.compiledUnit(ref);
  const definition = compiled.definition;
  const key = turn.unitKey(ref);
  // Compensation undoes what was done: no budget stops it halfway.
  if (turn.compiledStep(ref.step).role === 'main') {
    const refusal = unaffordable(turn, key, definition.estimate);
    if (refusal) {
      failRun(turn, refusal);
      return;
    }
  }
  const resolved = resolve(turn, ref, compiled, turn.now);
  if (typeof resolved === 'string') {
    unitFailed(turn, ref, { code: 'invalid_input', message: `step "${key}": ${resolved}`, retryable: false });
    return;
  }
  const work = definition.work;
  const target = work.kind === 'tool' ? work.targets[turn.readUnit(ref).target] : undefined;
  const unit = turn.unit(ref);
  const attempt = unit.attempt + 1;
  const idempotencyKey = turn.idempotencyKey(ref, attempt);
  const startedAt = turn.now;
  // Written out, not spread in: one of three fixed shapes (a turn's cost is mostly such objects).
  // The idempotency key is not stored: it is derived from the run, the unit and the attempt.
  const record: AttemptRecord =
    target === undefined
      ? { attempt, startedAt, outcome: 'in_flight' }
      : target.provider === undefined
        ? { attempt, tool: target.tool, startedAt, outcome: 'in_flight' }
        : { attempt, tool: target.tool, provider: target.provider, startedAt, outcome: 'in_flight' };
  unit.attempt = attempt;
  unit.attemptsOnTarget += 1;
  unit.startedAt ??= turn.now;
  unset(unit, 'waitingFor');
  unit.attempts = [...unit.attempts, record];
  if (work.kind === 'wait') {
    startWait(turn, ref, work, resolved.until);
    return;
  }
  if (work.kind === 'parallel' || work.kind === 'map')
    throw new Error(`unreachable: fan-out step "${key}" has no attempts`);
  reserve(turn, ref, definition.estimate);
  const started = turn.setStatus(ref, work.kind === 'agent' ? 'waiting' : 'running');
  if (work.kind === 'agent') started.waitingFor = 'agent';
  turn.emit(
    startStep(turn, ref, attempt, idempotencyKey, {
      work: workOrder(turn, definition, target, resolved.config),
      input: resolved.input,
      timeoutMs: remainingTimeout(turn, definition.timeoutMs),
    }),
  );
  if (definition.timeoutMs !== undefined)
    scheduleTimeout(turn, ref, attempt, turn.now + definition.timeoutMs);
}

/** Send an in-flight attempt again, unchanged (an idempotent step after a restart). */
export function resendAttempt(turn: Turn, ref: UnitRef): void {
  const unit = turn.readUnit(ref);
  const record = unit.attempts.at(-1) as AttemptRecord;
  const compiled = turn.compiledUnit(ref);
  const resolved = resolve(turn, ref, compiled, record.startedAt);
  if (typeof resolved === 'string')
    throw new Error(`unreachable: the input of "${turn.unitKey(ref)}" resolved once`);
  const work = compiled.definition.work;
  const target = work.kind === 'tool' ? work.targets[unit.target] : undefined;
  const timer = turn.run.timers.find(
    (candidate) => candidate.id === `timeout:${turn.unitKey(ref)}:${unit.attempt}`,
  );
  const timeoutMs = remainingTimeout(
    turn,
    timer === undefined ? undefined : Math.max(0, timer.at - turn.now),
  );
  const step = turn.readStep(ref.step).name;
  const key = attemptKeyOf(
    turn.run.id,
    ref.child === undefined ? { step } : { step, child: ref.child },
    record,
  );
  const command = startStep(turn, ref, unit.attempt, key, {
    work: workOrder(turn, compiled.definition, target, resolved.config),
    input: resolved.input,
    timeoutMs,
  });
  command.resumed = true;
  turn.emit(command);
}

/** The `start-step` command of an attempt, field by field (one is made for every attempt). */
function startStep(
  turn: Turn,
  ref: UnitRef,
  attempt: number,
  idempotencyKey: string,
  given: { readonly work: WorkOrder; readonly input: unknown; readonly timeoutMs: number | undefined },
): Mutable<StartStepCommand> {
  const command: Mutable<StartStepCommand> = {
    type: 'start-step',
    step: turn.readStep(ref.step).name,
    attempt,
    idempotencyKey,
    work: given.work,
    input: given.input,
  };
  if (ref.child !== undefined) command.child = ref.child;
  if (given.timeoutMs !== undefined) command.timeoutMs = given.timeoutMs;
  return command;
}

interface Resolved {
  readonly input: unknown;
  readonly config: unknown;
  readonly until?: unknown;
}

/** The unit's input, config and `until`, evaluated; a message when an expression fails. */
function resolve(turn: Turn, ref: UnitRef, compiled: CompiledUnit, now: number): Resolved | string {
  // Literals need no scope (a step's config mostly, its input often): it is not built for them.
  if (compiled.input.kind === 'literal' && compiled.config.kind === 'literal' && compiled.until === undefined)
    return { input: compiled.input.value, config: compiled.config.value };
  const scope = turn.scope(ref);
  try {
    const input = turn.evaluate(compiled.input, scope, now);
    const config = turn.evaluate(compiled.config, scope, now);
    if (compiled.until === undefined) return { input, config };
    return { input, config, until: turn.evaluate(compiled.until, scope, now) };
  } catch (error) {
    if (error instanceof ExpressionFailure) return error.message;
    throw error;
  }
}

function startWait(
  turn: Turn,
  ref: UnitRef,
  work: Extract<StepDefinition['work'], { kind: 'wait' }>,
  until: unknown,
): void {
  const attempt = turn.readUnit(ref).attempt;
  if (work.signal !== undefined) {
    const position = turn.run.signals.findIndex((signal) => signal.signal === work.signal);
    if (position >= 0) {
      const signal = turn.run.signals[position];
      turn.run.signals = turn.run.signals.filter((_, index) => index !== position);
      turn.setStatus(ref, 'waiting').waitingFor = 'signal';
      attemptSucceeded(turn, ref, signal?.payload, undefined);
      return;
    }
    turn.setStatus(ref, 'waiting').waitingFor = 'signal';
    const timeoutMs = turn.compiledUnit(ref).definition.timeoutMs;
    if (timeoutMs !== undefined) scheduleTimeout(turn, ref, attempt, turn.now + timeoutMs);
    return;
  }
  const at = work.delayMs !== undefined ? turn.now + work.delayMs : untilTime(until);
  if (at === undefined) {
    turn.endAttempt(ref, 'failed');
    unitFailed(turn, ref, {
      code: 'invalid_input',
      message: `step "${turn.unitKey(ref)}": wait.until gave ${JSON.stringify(until)}, not a date`,
      retryable: false,
    });
    return;
  }
  turn.setStatus(ref, 'waiting').waitingFor = 'timer';
  turn.scheduleTimer(`wait:${turn.unitKey(ref)}:${attempt}`, at, timerPurpose('wait', ref, attempt));
}

function workOrder(
  turn: Turn,
  definition: StepDefinition,
  target: FallbackTarget | undefined,
  config: unknown,
): WorkOrder {
  const work = definition.work;
  switch (work.kind) {
    case 'tool': {
      // Field by field: made for every attempt.
      const security = turn.workflow.definition.guards.security;
      const order: Mutable<Extract<WorkOrder, { kind: 'tool' }>> = {
        kind: 'tool',
        tool: target?.tool ?? work.tool,
        config,
      };
      if (target?.provider !== undefined) order.provider = target.provider;
      if (security !== undefined) order.security = security;
      return order;
    }
    case 'agent':
      return {
        kind: 'agent',
        ...(work.role === undefined ? {} : { role: work.role }),
        ...(work.agentId === undefined ? {} : { agentId: work.agentId }),
        ...(work.tool === undefined ? {} : { tool: work.tool }),
        ...(definition.description === undefined ? {} : { description: definition.description }),
      };
    case 'workflow':
      return {
        kind: 'workflow',
        workflow: work.workflow,
        ...(work.version === undefined ? {} : { version: work.version }),
      };
    default:
      throw new Error(`unreachable: a ${work.kind} step gets no work order`);
  }
}

/** The attempt's timeout, cut to the wall time the budget has left. */
function remainingTimeout(turn: Turn, timeoutMs: number | undefined): number | undefined {
  const deadline = wallDeadline(turn);
  if (deadline === undefined) return timeoutMs;
  const left = Math.max(0, deadline - turn.now);
  return timeoutMs === undefined ? left : Math.min(timeoutMs, left);
}

function scheduleTimeout(turn: Turn, ref: UnitRef, attempt: number, at: number): void {
  turn.scheduleTimer(`timeout:${turn.unitKey(ref)}:${attempt}`, at, timerPurpose('timeout', ref, attempt));
}

function timerPurpose(kind: 'timeout' | 'wait', ref: UnitRef, attempt: number) {
  return { kind, step: ref.step, ...(ref.child === undefined ? {} : { child: ref.child }), attempt };
}
