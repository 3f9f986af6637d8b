/**
 * The messages of the workflow shell, declared in one place: what a run actor receives
 * (`RunMsg`), what it tells its executor on the main thread (`ExecutorMsg`), and what a
 * workflow's trigger actor receives (`TriggerMsg`). Plain data
 * with refs, so they cross threads and are stored in inboxes. Not here: what either side
 * does with them (run-actor.ts, executor.ts).
 */
import type { ActorRef } from '../../../src/kernel/index.js';
import type {
  RunStatus,
  StepStatus,
  WorkflowCommand,
  WorkflowEvent,
  WorkflowResult,
  WorkflowRun,
} from '../run/types.js';

export type StartStepCommand = Extract<WorkflowCommand, { type: 'start-step' }>;
export type CancelStepCommand = Extract<WorkflowCommand, { type: 'cancel-step' }>;

/** Where a sub-workflow reports its end: the parent run and the attempt that started it. */
export interface ParentLink {
  readonly ref: ActorRef<RunMsg>;
  readonly runId: string;
  readonly step: string;
  readonly child?: number;
  readonly attempt: number;
}

export type RunMsg =
  /** An outcome (a tool's, an agent's, a child run's), a signal, pause, resume or cancel. */
  | { readonly type: 'event'; readonly event: WorkflowEvent }
  /** A durable timer of the run came due. */
  | { readonly type: 'timer'; readonly timerId: string }
  /** An executor started in this process: a new `boot` means the process restarted. */
  | { readonly type: 'attach'; readonly executor: ActorRef<ExecutorMsg>; readonly boot: string }
  /** The run (ask): `RunView`. */
  | { readonly type: 'get' };

export interface RunView {
  readonly result: WorkflowResult;
  /** The run as the core keeps it (each step's current attempt, timers, buffered signals). */
  readonly run: WorkflowRun;
  readonly parentRunId?: string;
  /** The agent that started the run (a sub-workflow's: its parent's). */
  readonly startedBy?: string;
  /** The tenant the run was started in (absent: the default tenant). */
  readonly tenantId?: string;
}

/** A step (or a fan-out's branch or item) that changed status. */
export interface StepProgress {
  readonly step: string;
  readonly child?: number;
  readonly status: StepStatus;
  readonly attempt: number;
}

/** A part of a run's news: a step's progress, the run's new status, its end. */
export type RunNews =
  | ({ readonly kind: 'progress' } & StepProgress)
  | { readonly kind: 'status'; readonly status: RunStatus }
  | { readonly kind: 'finished'; readonly result: WorkflowResult };

export type ExecutorMsg =
  | {
      readonly type: 'start-step';
      readonly runId: string;
      readonly workflow: string;
      readonly run: ActorRef<RunMsg>;
      readonly command: StartStepCommand;
      /** The run's context: a sub-workflow step's child gets it unless its input names one. */
      readonly context?: unknown;
      /** The agent the run is for: a sub-workflow step's child is that agent's too. */
      readonly startedBy?: string;
      /** The run's tenant: an agent step's task and a sub-workflow step's child are in it too. */
      readonly tenantId?: string;
    }
  | {
      readonly type: 'cancel-step';
      readonly runId: string;
      readonly run: ActorRef<RunMsg>;
      readonly command: CancelStepCommand;
      /** What the cancelled attempt was doing. */
      readonly work: 'tool' | 'agent' | 'workflow';
    }
  | ({ readonly type: 'progress'; readonly runId: string } & StepProgress)
  /** What one turn of a run has to say, in order, in one message (the executor hears each part as its own message). */
  | { readonly type: 'run-news'; readonly runId: string; readonly news: readonly RunNews[] }
  | { readonly type: 'run-status'; readonly runId: string; readonly status: RunStatus }
  /** A trigger fired (trigger-actor.ts): start this run; a run id already taken is that run. */
  | {
      readonly type: 'start-run';
      readonly workflow: string;
      readonly version: string;
      readonly runId: string;
      readonly payload: unknown;
      readonly event?: string;
      /** What fired, for an incident: the event type, or the schedule's firing time. */
      readonly firing: string;
      readonly trigger: 'event' | 'schedule';
      /** Where a refusal goes (the trigger actor). */
      readonly from: ActorRef<TriggerMsg>;
    }
  | { readonly type: 'finished'; readonly runId: string; readonly result: WorkflowResult };

/** What the executor's listeners hear: each message as it came, a run's news as its parts. */
export type ExecutorNews = Exclude<ExecutorMsg, { readonly type: 'run-news' }>;

/** What a workflow's trigger actor receives (trigger-actor.ts). */
export type TriggerMsg =
  /** The engine (re)started, or the workflow has a new current version: read the trigger again. */
  | { readonly type: 'arm'; readonly executor: ActorRef<ExecutorMsg> }
  /** A system event of a type this workflow's trigger names. */
  | {
      readonly type: 'event';
      readonly eventType: string;
      readonly data: unknown;
      readonly executor: ActorRef<ExecutorMsg>;
    }
  /** The schedule's timer. */
  | { readonly type: 'tick' }
  /** The executor could not start a run this actor asked for. */
  | {
      readonly type: 'refused';
      readonly version: string;
      readonly firing: string;
      readonly trigger: 'event' | 'schedule';
      readonly code: string;
      readonly message: string;
    };
