/**
 * A workflow run as plain data — what a durable run actor stores and what crosses threads —
 * with the events that move it and the commands it gives its shell.
 *
 *   event ──► transition(workflow, run, event, now) ──► { run', commands }
 *
 * The shell commits `run'` (or the event, to a journal) before it carries out `commands`:
 * start a step attempt, cancel one, set or clear a timer, report progress, finish the run.
 * Outcomes come back as events. Statuses:
 *
 *   run   pending → running ⇄ paused → completed | failed | cancelled
 *   step  pending → ready → running | waiting → completed | failed | skipped | cancelled
 *
 * A step is `waiting` while an agent has its task, a signal or timer has not come, or a
 * retry's backoff runs; `ready` when it may start and only a pause (or a free slot) holds it.
 */
import { z } from 'zod';

export const RUN_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type FinalRunStatus = Extract<RunStatus, 'completed' | 'failed' | 'cancelled'>;

export const STEP_STATUSES = [
  'pending',
  'ready',
  'running',
  'waiting',
  'completed',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface Usage {
  readonly tokens: number;
  readonly cost: number;
}

export type BudgetName = 'maxMs' | 'maxTokens' | 'maxCost';

/**
 * What went wrong with a step or a run. Codes the engine itself gives: `timeout`,
 * `outcome_unknown`, `invalid_input`, `invalid_output`, `gate_failed`, `budget_exceeded`,
 * `cancelled`; any other code is the step's own (a tool's or an agent's error).
 */
export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly retryable?: boolean;
  readonly budget?: BudgetName;
  readonly gate?: string;
}

export interface RunError extends StepError {
  /** The step the run failed at. */
  readonly step?: string;
  /** Set when `on_failure: compensate` ran the compensation steps before the run failed. */
  readonly compensated?: boolean;
  readonly compensationFailed?: readonly string[];
}

export interface AttemptRecord {
  readonly attempt: number;
  /**
   * Written by runs stored before the key was derived: it is always `Turn.idempotencyKey` of
   * the unit and attempt (`runId:step:attempt`), so it is no longer stored.
   */
  readonly idempotencyKey?: string;
  readonly tool?: string;
  readonly provider?: string;
  readonly startedAt: number;
  /** When the shell (or the agent) reported the attempt begun (`step-started`). */
  readonly acknowledgedAt?: number;
  readonly endedAt?: number;
  readonly outcome: 'in_flight' | 'succeeded' | 'failed' | 'cancelled';
  readonly error?: StepError;
  readonly usage?: Usage;
}

export type WaitingFor = 'agent' | 'signal' | 'timer' | 'retry';

/** One execution: a leaf step, a branch or item of a fan-out, or a compensation step. */
export interface UnitState {
  readonly status: StepStatus;
  /** The latest attempt's number (0 before the first); numbers run on across fallback targets. */
  readonly attempt: number;
  /** Index of the fallback target in use (tool steps: `provider: a|b`, then the fallbacks). */
  readonly target: number;
  readonly attemptsOnTarget: number;
  readonly attempts: readonly AttemptRecord[];
  readonly waitingFor?: WaitingFor;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly output?: unknown;
  readonly error?: StepError;
  /** What the unit spent; absent while it is nothing (`usageOf`), so a run's stored state is smaller. */
  readonly usage?: Usage;
  /** The in-flight attempt's estimate, held against the budget until its usage is known; absent: none. */
  readonly reserved?: Usage;
}

export type SkipReason = 'when' | 'upstream_failed' | 'run_ended';

export interface StepState extends UnitState {
  readonly name: string;
  /** `when`: its condition was false (dependents still run). Otherwise dependents are skipped too. */
  readonly skipReason?: SkipReason;
  /** A failure the run went on from: `on_failure: continue` or `goto`. */
  readonly handled?: 'continue' | 'goto';
  /** Started by another step's `on_failure: goto`, whatever its dependencies. */
  readonly forced?: boolean;
  /** For a compensation step: the step it undoes. */
  readonly compensates?: string;
  /** A map's list, as evaluated when it started. */
  readonly items?: readonly unknown[];
  /** A fan-out's branches or items. */
  readonly children?: readonly UnitState[];
}

export type TimerPurpose =
  | { readonly kind: 'budget' }
  | {
      readonly kind: 'timeout' | 'retry' | 'wait';
      readonly step: number;
      readonly child?: number;
      readonly attempt: number;
    };

export interface TimerState {
  readonly id: string;
  readonly at: number;
  readonly purpose: TimerPurpose;
}

export interface BufferedSignal {
  readonly signal: string;
  readonly payload: unknown;
  readonly receivedAt: number;
}

export interface WorkflowRun {
  readonly id: string;
  readonly workflow: { readonly name: string; readonly version: string };
  readonly status: RunStatus;
  /** `compensating` after a failure with `on_failure: compensate`, until the undo is done. */
  readonly phase: 'steps' | 'compensating';
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly trigger: { readonly payload: unknown; readonly event?: string };
  readonly context: unknown;
  /** The feature flags decided for this run when it started, by name: fixed, so a replay decides the same. */
  readonly flags?: readonly (readonly [string, boolean])[];
  /** Seeds retry jitter: the same run replayed draws the same delays. */
  readonly seed: number;
  /** Main steps in written order, then compensation steps (as `CompiledWorkflow.steps`). */
  readonly steps: readonly StepState[];
  readonly timers: readonly TimerState[];
  /** Signals that came before a wait for them. */
  readonly signals: readonly BufferedSignal[];
  /** Absent while nothing was spent or is held, as a unit's (`usageOf`). */
  readonly usage?: Usage;
  readonly reserved?: Usage;
  readonly compensation?: {
    readonly queue: readonly number[];
    readonly next: number;
    readonly cause: RunError;
    readonly failed: readonly string[];
  };
  readonly error?: RunError;
}

/** Longest step name an event may carry: longer than a written name, as a compensation step's default name is `compensate_<step>`. */
export const MAX_EVENT_STEP_NAME = 128;

const unitAddress = {
  step: z.string().min(1).max(MAX_EVENT_STEP_NAME),
  child: z.number().int().min(0).optional(),
  attempt: z.number().int().min(1),
};
const UsageReportSchema = z.strictObject({
  tokens: z.number().min(0).optional(),
  cost: z.number().min(0).optional(),
});

export const WorkflowEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('step-started'), ...unitAddress }),
  z.strictObject({
    type: z.literal('step-succeeded'),
    ...unitAddress,
    output: z.unknown(),
    usage: UsageReportSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('step-failed'),
    ...unitAddress,
    error: z.strictObject({
      code: z.string().min(1).max(100),
      message: z.string().max(10_000),
      retryable: z.boolean().optional(),
    }),
    usage: UsageReportSchema.optional(),
  }),
  z.strictObject({ type: z.literal('timer-fired'), timerId: z.string().min(1).max(200) }),
  z.strictObject({
    type: z.literal('signal-received'),
    signal: z.string().min(1).max(64),
    payload: z.unknown().optional(),
  }),
  z.strictObject({ type: z.literal('cancel'), reason: z.string().max(1_000).optional() }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({
    type: z.literal('budget-tick'),
    usage: z.strictObject({ ...unitAddress, ...UsageReportSchema.shape }).optional(),
  }),
  /** The run was loaded again after its process stopped (a crash): see recovery.ts. */
  z.strictObject({ type: z.literal('restarted') }),
  /** The run's worker thread was replaced in this process: what it had sent may be lost (recovery.ts). */
  z.strictObject({ type: z.literal('resync') }),
]);
export type WorkflowEvent = z.output<typeof WorkflowEventSchema>;
export type UsageReport = z.output<typeof UsageReportSchema>;

/** What a started attempt must do, by step kind. */
export type WorkOrder =
  | {
      readonly kind: 'tool';
      readonly tool: string;
      readonly provider?: string;
      readonly config: unknown;
      readonly security?: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'agent';
      readonly role?: string;
      readonly agentId?: string;
      readonly tool?: string;
      readonly description?: string;
    }
  | { readonly kind: 'workflow'; readonly workflow: string; readonly version?: string };

export interface UnitCommand {
  readonly step: string;
  readonly child?: number;
  readonly attempt: number;
  /** `runId:step:attempt` (`runId:step[child]:attempt` in a fan-out): the same for a re-sent attempt. */
  readonly idempotencyKey: string;
}

export type WorkflowCommand =
  | (UnitCommand & {
      readonly type: 'start-step';
      readonly work: WorkOrder;
      readonly input: unknown;
      readonly timeoutMs?: number;
      /** Sent again after a restart: the downstream may already have it under this key. */
      readonly resumed?: boolean;
    })
  | (UnitCommand & { readonly type: 'cancel-step'; readonly reason: string })
  | { readonly type: 'schedule-timer'; readonly timerId: string; readonly at: number }
  | { readonly type: 'cancel-timer'; readonly timerId: string }
  | {
      readonly type: 'progress';
      readonly step: string;
      readonly child?: number;
      readonly status: StepStatus;
      readonly attempt: number;
    }
  | { readonly type: 'run-status'; readonly status: RunStatus }
  | { readonly type: 'finish-run'; readonly status: FinalRunStatus; readonly result: WorkflowResult };

export interface TransitionResult {
  readonly run: WorkflowRun;
  readonly commands: readonly WorkflowCommand[];
  /** Why the event changed nothing (a stale attempt, a finished run, …); absent when it was used. */
  readonly ignored?: string;
}

/** Seed 004's `executeWorkflow` answer: `{ status, duration, steps }`, and what else a caller needs. */
export interface WorkflowResult {
  readonly runId: string;
  readonly workflow: { readonly name: string; readonly version: string };
  readonly status: RunStatus;
  /** Milliseconds from start to end (to `now` while the run goes on). */
  readonly duration: number;
  readonly steps: readonly StepSummary[];
  readonly usage: Usage;
  readonly error?: RunError;
}

export type UnitSummary = Omit<StepSummary, 'name' | 'dependsOn' | 'children' | 'skipReason' | 'compensates'>;

export interface StepSummary {
  readonly name: string;
  /** The steps this one waits for (written `depends_on` and template reads): the run's DAG. */
  readonly dependsOn: readonly string[];
  readonly status: StepStatus;
  readonly attempts: number;
  readonly duration?: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly output?: unknown;
  readonly error?: StepError;
  readonly usage: Usage;
  readonly provider?: string;
  readonly skipReason?: SkipReason;
  readonly compensates?: string;
  readonly children?: readonly UnitSummary[];
}
