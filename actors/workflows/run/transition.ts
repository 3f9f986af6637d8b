/**
 * The run as a pure state machine, in the style of xstate v5's logic: `initialRun` makes a
 * run, `transition` takes a run, an event and the time and gives the next run and the
 * commands for the shell. Nothing here reads a clock, draws a random number or does I/O, so
 * the same journal of events always gives the same run (replay.ts).
 *
 * The machine itself is synchronous. `transition` is async only because JSONata 2.x
 * evaluates asynchronously: a pass that meets a JSONata expression stops, its value is
 * awaited, and the pass is made again from the same run with the values known so far
 * (`Evaluations`, expressions/evaluate.ts) — most templates are literals and plain paths,
 * so most transitions are one pass with no promise at all (`transitionSoon`). It never
 * changes the run it is given. Every event is checked against `WorkflowEventSchema` first;
 * an event that changes nothing comes back with `ignored` saying why, and the very same run
 * object.
 */
import { InvalidArgumentError } from '../../../src/kernel/index.js';
import type { CompiledWorkflow } from '../definition/compile.js';
import { formatPath } from '../errors.js';
import { type Evaluations, passesUntilKnown } from '../expressions/evaluate.js';
import { overspent } from './budget.js';
import { failRun } from './ending.js';
import { handleEvent } from './events.js';
import { handleRestarted, handleResync } from './recovery.js';
import { seededFraction } from './retry.js';
import { advance } from './scheduler.js';
import { FRESH_UNIT, type Mutable, Turn } from './turn.js';
import {
  MAX_EVENT_STEP_NAME,
  type StepState,
  type TransitionResult,
  type WorkflowEvent,
  WorkflowEventSchema,
  type WorkflowRun,
} from './types.js';

export interface RunOptions {
  /** The run's id: 1 to 128 letters, digits, `_`, `-`, `.`. It prefixes every idempotency key. */
  readonly runId: string;
  /** `trigger.payload`; checked against the trigger's payload schema. */
  readonly payload?: unknown;
  /** `context` in expressions (seed 004's `executeWorkflow(name, payload, context)`). */
  readonly context?: unknown;
  /** The event type that triggered the run, if an event did. */
  readonly event?: string;
  /** Seeds retry jitter (default: derived from the run id). */
  readonly seed?: number;
  /** The feature flags as decided for this run when it started (`flags` in expressions). */
  readonly flags?: readonly (readonly [string, boolean])[];
}

const RUN_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Throw `InvalidArgumentError` naming the field if `options` cannot start a run of `workflow`. */
export function checkRunOptions(workflow: CompiledWorkflow, options: RunOptions): void {
  if (typeof options.runId !== 'string' || !RUN_ID.test(options.runId)) {
    throw new InvalidArgumentError('options.runId', 'must be 1 to 128 letters, digits, "_", "-" or "."');
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new InvalidArgumentError('options.seed', 'must be an integer');
  }
  const problems = workflow.payloadCheck?.(options.payload ?? {}, 'payload') ?? [];
  if (problems.length > 0)
    throw new InvalidArgumentError('options.payload', `does not fit the trigger: ${problems.join('; ')}`);
}

/** A new run of `workflow`, `pending` until it gets the `start` event. */
export function initialRun(workflow: CompiledWorkflow, options: RunOptions, now: number): WorkflowRun {
  checkRunOptions(workflow, options);
  const owners = new Map<number, string>();
  for (const step of workflow.steps)
    if (step.compensation !== undefined) owners.set(step.compensation, step.definition.name);
  return {
    id: options.runId,
    workflow: { name: workflow.definition.name, version: workflow.definition.version },
    status: 'pending',
    phase: 'steps',
    createdAt: now,
    trigger: {
      payload: options.payload ?? {},
      ...(options.event === undefined ? {} : { event: options.event }),
    },
    context: options.context ?? {},
    ...(options.flags === undefined || options.flags.length === 0 ? {} : { flags: options.flags }),
    seed: options.seed ?? Math.floor(seededFraction(0, options.runId) * 2 ** 31),
    steps: workflow.steps.map((step) => {
      const owner = owners.get(step.index);
      const fresh: Mutable<StepState> = { name: step.definition.name, ...FRESH_UNIT };
      if (owner !== undefined) fresh.compensates = owner;
      return fresh;
    }),
    timers: [],
    signals: [],
  };
}

/** The next run and the commands for the shell, after `event` at time `now` (epoch ms). */
export async function transition(
  workflow: CompiledWorkflow,
  run: WorkflowRun,
  event: WorkflowEvent,
  now: number,
): Promise<TransitionResult> {
  return transitionSoon(workflow, run, event, now);
}

/**
 * {@link transition}, answered at once when no JSONata expression needs evaluating (the
 * result itself), else as a promise. Throws `InvalidArgumentError` for an event that is not one.
 */
export function transitionSoon(
  workflow: CompiledWorkflow,
  run: WorkflowRun,
  event: WorkflowEvent,
  now: number,
): TransitionResult | Promise<TransitionResult> {
  const given = checkedEvent(workflow, run, event, now);
  return passesUntilKnown((evaluations) => onePass(workflow, run, given, now, evaluations));
}

function checkedEvent(
  workflow: CompiledWorkflow,
  run: WorkflowRun,
  event: WorkflowEvent,
  now: number,
): WorkflowEvent {
  const given = isPlainSuccess(event) ? event : parsedEvent(event);
  if (
    run.workflow.name !== workflow.definition.name ||
    run.workflow.version !== workflow.definition.version
  ) {
    throw new InvalidArgumentError(
      'run',
      `is a run of "${run.workflow.name}" version ${run.workflow.version}, not of "${workflow.definition.name}" version ${workflow.definition.version}`,
    );
  }
  if (!Number.isFinite(now))
    throw new InvalidArgumentError('now', 'must be a finite epoch time in milliseconds');
  return given;
}

/** The event as `WorkflowEventSchema` reads it; `InvalidArgumentError` naming the field when it is not one. */
function parsedEvent(event: unknown): WorkflowEvent {
  const parsed = WorkflowEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidArgumentError(
      formatPath(['event', ...(issue?.path ?? [])]),
      issue?.message ?? 'is not a workflow event',
    );
  }
  return parsed.data;
}

const SUCCESS_KEYS: ReadonlySet<string> = new Set(['type', 'step', 'child', 'attempt', 'output']);

/**
 * A `step-succeeded` with no usage that certainly fits `WorkflowEventSchema` — the event of
 * almost every step, checked without the schema (a parse is a microsecond a step under load).
 * Anything else, or anything in doubt, goes through the schema.
 */
function isPlainSuccess(event: unknown): event is WorkflowEvent {
  if (typeof event !== 'object' || event === null) return false;
  const candidate = event as { type?: unknown; step?: unknown; child?: unknown; attempt?: unknown };
  if (candidate.type !== 'step-succeeded') return false;
  for (const key in event) if (!SUCCESS_KEYS.has(key)) return false;
  const { step, child, attempt } = candidate;
  return (
    typeof step === 'string' &&
    step.length >= 1 &&
    step.length <= MAX_EVENT_STEP_NAME &&
    Number.isSafeInteger(attempt) &&
    (attempt as number) >= 1 &&
    (child === undefined || (Number.isSafeInteger(child) && (child as number) >= 0))
  );
}

/** One synchronous pass over the event: throws `NeedsEvaluation` at a JSONata value it does not have yet. */
function onePass(
  workflow: CompiledWorkflow,
  run: WorkflowRun,
  given: WorkflowEvent,
  now: number,
  evaluations: Evaluations,
): TransitionResult {
  const turn = new Turn(workflow, run, now, evaluations);
  const ignored =
    given.type === 'restarted'
      ? handleRestarted(turn)
      : given.type === 'resync'
        ? handleResync(turn)
        : handleEvent(turn, given);
  if (ignored !== undefined) return { run, commands: [], ignored };
  if (turn.run.status === 'running' || turn.run.status === 'paused') {
    const over = overspent(turn);
    if (over && turn.run.phase === 'steps') failRun(turn, over);
  }
  if (turn.run.status === 'running') advance(turn);
  return { run: turn.run, commands: turn.commands };
}
