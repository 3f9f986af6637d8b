/**
 * The embedding API of durable workflows (seed 004's `executeWorkflow(name, payload,
 * context)` → `{ status, duration, steps }`, seed 003's define / report operations): plain
 * async functions over an actor system whose engine is started (`startWorkflows`). Each
 * validates its input (zod; errors name the field) and throws `TroupeError`s — a definition
 * that cannot run is a `WorkflowDefinitionError` listing every issue with its path, a
 * refusal of the domain (`not_found`, `closed`, `already_exists`) a `RefusedError`.
 * Each takes the caller an adapter proved (default: the operator, who may do everything);
 * who may use a run or change a workflow is run-access.ts's (`unauthorized` / `forbidden`).
 * A step report names its run, or (seed 003) the workflow whose run awaits it
 * (step-report-run.ts); it answers the run's status once the run took it, and closes the
 * step's task (task-agents.ts). The same operations are methods of the engine
 * (engine-registry.ts). Not here: the run's rules (the core), its actor (run-actor.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ActorNotFoundError,
  type ActorSystem,
  DuplicateActorIdError,
  InvalidArgumentError,
  type Outcome,
  parseOrThrow,
  RefusedError,
  refuse,
} from '../../../src/kernel/index.js';
import { agentCaller, anonymousIn, type Caller, callerAgent } from '../../coordination/caller.js';
import { readTask } from '../../coordination/tasks/task-access.js';
import { isInScope, tenantField, tenantScopeOf } from '../../coordination/tenancy.js';
import { parseWorkflowDefinition } from '../definition/source.js';
import { DEFINITION_STATUSES, type DefinitionStatus } from '../definition/types.js';
import { checkRunOptions } from '../run/transition.js';
import type { RunStatus, StepStatus, WorkflowEvent, WorkflowResult } from '../run/types.js';
import { WorkflowEventSchema } from '../run/types.js';
import { attemptKeyOf, unitNamed } from '../run/unit-named.js';
import { compiledWorkflow } from './compiled-cache.js';
import { type DefinitionMsg, WorkflowDefinitionActor } from './definition-actor.js';
import { resolveRunVersion } from './definitions.js';
import { findWorkflowEngine, workflowEngineOf } from './engine-registry.js';
import type { RunMsg, RunView } from './messages.js';
import { mayReportStep, mayUseRun, OPERATOR } from './run-access.js';
import { WorkflowRunActor } from './run-actor.js';
import { runOfStepReport } from './step-report-run.js';
import { DEFINITIONS_TABLE, type DefinitionRecord, definitionActorId, runActorId } from './tables.js';
import { settleStepTask, stepTaskId } from './task-agents.js';
import { armTrigger } from './triggers.js';

/** A workflow's trigger after it changed: armed by the engine, when one runs (else at its start). */
async function rearm(system: ActorSystem, name: string): Promise<void> {
  const engine = findWorkflowEngine(system);
  if (engine) await armTrigger(system, name, engine.executor.ref);
}

const RunIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1 to 128 letters, digits, "_", "-" or "."');
const NameSchema = z.string().min(1).max(200);
const invalid = (path: string, wording: string) => new InvalidArgumentError(path, wording);

async function definitionActor(system: ActorSystem, name: string) {
  const id = definitionActorId(name);
  try {
    return await system.spawn(WorkflowDefinitionActor, { id, args: { name } });
  } catch (error) {
    if (error instanceof DuplicateActorIdError || (error as { code?: string }).code === 'duplicate_actor_id')
      return system.refOf<DefinitionMsg>(id);
    throw error;
  }
}

function settled<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new RefusedError(outcome.error);
  return outcome.value;
}

/**
 * Define (a version of) a workflow from YAML/JSON text or data. A version once defined never
 * changes; a workflow first defined by an agent (`caller`) is changed by that agent only.
 */
export async function defineWorkflow(
  system: ActorSystem,
  source: string | object,
  options: { readonly creatorId?: string; readonly caller?: Caller } = {},
): Promise<DefinitionRecord> {
  if (typeof source !== 'string' && (typeof source !== 'object' || source === null))
    throw new InvalidArgumentError('definition', 'must be YAML/JSON text or an object');
  const { definition } = parseWorkflowDefinition(source); // throws WorkflowDefinitionError, every issue with its path
  const actor = await definitionActor(system, definition.name);
  const record = settled(
    await actor.ask<Outcome<DefinitionRecord>>({
      type: 'define',
      source,
      by: options.caller ?? OPERATOR,
      ...(options.creatorId === undefined ? {} : { creatorId: options.creatorId }),
    }),
  );
  await rearm(system, record.name);
  return record;
}

/** Move a version to another status (draft → active → completed → archived). */
export async function setWorkflowStatus(
  system: ActorSystem,
  name: string,
  version: string,
  status: DefinitionStatus,
  caller: Caller = OPERATOR,
): Promise<DefinitionRecord> {
  parseOrThrow(NameSchema, name, 'name', invalid);
  parseOrThrow(z.enum(DEFINITION_STATUSES), status, 'status', invalid);
  const actor = await definitionActor(system, name);
  const record = settled(
    await actor.ask<Outcome<DefinitionRecord>>({ type: 'set-status', version, status, by: caller }),
  );
  await rearm(system, name);
  return record;
}

const StartOptionsSchema = z
  .object({
    runId: RunIdSchema.optional(),
    version: z.string().min(1).max(64).optional(),
    event: z.string().min(1).max(200).optional(),
    /** The agent the run is for (proven by the caller): only it may then use the run (run-access.ts). */
    startedBy: z.string().min(1).max(128).optional(),
    /** The tenant the run is in (none: the default tenant; coordination/tenancy.ts): only it sees the run. */
    tenantId: z.string().min(1).max(128).nullable().optional(),
  })
  .strict();
export type StartOptions = z.input<typeof StartOptionsSchema>;

export interface StartedRun {
  readonly runId: string;
  /** Settles when the run ends (while this process lives). */
  readonly result: Promise<WorkflowResult>;
}

/** Start a run of the workflow `nameOrId` (its current version unless `version`); a `runId` already taken joins that run. */
export async function startWorkflowRun(
  system: ActorSystem,
  nameOrId: string,
  payload: unknown = {},
  context: unknown = {},
  options: StartOptions = {},
): Promise<StartedRun> {
  parseOrThrow(NameSchema, nameOrId, 'workflow', invalid);
  const given = parseOrThrow(StartOptionsSchema, options, 'options', invalid);
  const workflow = resolveRunVersion(system, nameOrId, given.version);
  const engine = workflowEngineOf(system);
  const runId = given.runId ?? randomUUID();
  const runOptions = {
    runId,
    payload,
    context,
    flags: engine.flagsFor(flagSubjectOf(context, given.startedBy)),
    ...(given.event === undefined ? {} : { event: given.event }),
  };
  // Checked here, so that a payload that does not fit is the caller's error naming the field.
  checkRunOptions(
    compiledWorkflow(() => system.table<DefinitionRecord>(DEFINITIONS_TABLE), workflow),
    runOptions,
  );
  let cancelWait = () => {};
  const result = new Promise<WorkflowResult>((resolve) => {
    cancelWait = engine.executor.onFinished(runId, resolve);
  });
  try {
    await system.spawn(WorkflowRunActor, {
      id: runActorId(runId),
      args: {
        workflow,
        options: runOptions,
        executor: engine.executor.ref,
        boot: engine.executor.boot,
        ...(given.startedBy === undefined ? {} : { startedBy: given.startedBy }),
        ...tenantField(given.tenantId ?? null),
      },
    });
  } catch (error) {
    if (
      !(error instanceof DuplicateActorIdError || (error as { code?: string }).code === 'duplicate_actor_id')
    ) {
      cancelWait();
      throw error;
    }
    // Joining a run is using it: only the agent it is for may (an agent's run answers its outputs).
    const joiner =
      given.startedBy !== undefined
        ? agentCaller(given.startedBy)
        : given.tenantId != null
          ? anonymousIn(given.tenantId)
          : OPERATOR;
    const view = await getWorkflowRun(system, runId, joiner).catch((error: unknown) => {
      cancelWait();
      throw error;
    });
    if (isFinal(view.result.status)) {
      cancelWait();
      return { runId, result: Promise.resolve(view.result) };
    }
  }
  return { runId, result };
}

/** Seed 004: run the workflow and answer `{ status, duration, steps }` (and usage, error) when it ends. */
export async function executeWorkflow(
  system: ActorSystem,
  nameOrId: string,
  payload: unknown = {},
  context: unknown = {},
  options: StartOptions = {},
): Promise<WorkflowResult> {
  const started = await startWorkflowRun(system, nameOrId, payload, context, options);
  return started.result;
}

function isFinal(status: WorkflowResult['status']): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** The run now: its result so far (each step's status, attempts, timings, output or error, usage). */
export async function getWorkflowRun(
  system: ActorSystem,
  runId: string,
  caller: Caller = OPERATOR,
): Promise<RunView> {
  parseOrThrow(RunIdSchema, runId, 'runId', invalid);
  const unknownRun = () =>
    new RefusedError(refuse('not_found', `no workflow run "${runId}"`, 'run_id').error);
  const view = await system
    .refOf<RunMsg>(runActorId(runId))
    .ask<RunView>({ type: 'get' })
    .catch((error: unknown) => {
      throw error instanceof ActorNotFoundError ? unknownRun() : error;
    });
  // Another tenant's run is answered as one that does not exist.
  if (!isInScope(tenantScopeOf(system, caller), view.tenantId)) throw unknownRun();
  settled(mayUseRun(runId, view.startedBy, caller));
  return view;
}

async function tellRun(
  system: ActorSystem,
  runId: string,
  event: WorkflowEvent,
  caller: Caller,
): Promise<void> {
  parseOrThrow(RunIdSchema, runId, 'runId', invalid);
  parseOrThrow(WorkflowEventSchema, event, 'event', invalid);
  if (caller.kind !== 'operator') await getWorkflowRun(system, runId, caller);
  await system.refOf<RunMsg>(runActorId(runId)).tell({ type: 'event', event });
}

/** Deliver a named signal to a run: a wait step for it goes on; one not waited for yet is kept. */
export async function signalWorkflow(
  system: ActorSystem,
  runId: string,
  signal: string,
  payload?: unknown,
  caller: Caller = OPERATOR,
): Promise<void> {
  const event = { type: 'signal-received', signal, ...(payload === undefined ? {} : { payload }) } as const;
  await tellRun(system, runId, event, caller);
}

export async function pauseWorkflowRun(
  system: ActorSystem,
  runId: string,
  caller: Caller = OPERATOR,
): Promise<void> {
  await tellRun(system, runId, { type: 'pause' }, caller);
}

export async function resumeWorkflowRun(
  system: ActorSystem,
  runId: string,
  caller: Caller = OPERATOR,
): Promise<void> {
  await tellRun(system, runId, { type: 'resume' }, caller);
}

export async function cancelWorkflowRun(
  system: ActorSystem,
  runId: string,
  reason?: string,
  caller: Caller = OPERATOR,
): Promise<void> {
  await tellRun(system, runId, { type: 'cancel', ...(reason === undefined ? {} : { reason }) }, caller);
}

const StepReportSchema = z
  .object({
    runId: RunIdSchema.optional(),
    /** Seed 003's name: a run id, or the id or name of the workflow whose run awaits the step (step-report-run.ts). */
    workflowId: NameSchema.optional(),
    step: z.string().min(1).max(128),
    child: z.number().int().min(0).optional(),
    /** Default: the step's current attempt. */
    attempt: z.number().int().min(1).optional(),
    usage: z
      .object({ tokens: z.number().min(0).optional(), cost: z.number().min(0).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((report) => report.runId !== undefined || report.workflowId !== undefined, {
    message: 'must name the run: runId (or workflowId)',
    path: ['runId'],
  });
export type StepReport = z.input<typeof StepReportSchema>;
type GivenReport = z.output<typeof StepReportSchema> & { readonly runId: string };

/** The report with its run named: `runId`, else the run `workflowId` stands for (step-report-run.ts). */
async function parseReport(system: ActorSystem, report: StepReport, caller: Caller): Promise<GivenReport> {
  const given = parseOrThrow(StepReportSchema, report, 'report', invalid);
  const runId =
    given.runId ??
    (await runOfStepReport(
      system,
      { workflowId: given.workflowId ?? '', step: given.step, child: given.child },
      callerAgent(caller),
    ));
  return { ...given, runId };
}

/** The attempt a report is about (the step's current one unless given), checked against who reports it. */
async function addressOf(system: ActorSystem, report: GivenReport, caller: Caller) {
  const address = await attemptOf(system, report);
  if (caller.kind !== 'operator') {
    const view = await system.refOf<RunMsg>(runActorId(report.runId)).ask<RunView>({ type: 'get' });
    const assigneeOf = (key: string) => readTask(system, stepTaskId(key))?.assignedAgentId ?? undefined;
    settled(mayReportStep(assigneeOf, view, caller, address));
  }
  return address;
}

async function attemptOf(system: ActorSystem, report: GivenReport) {
  let attempt = report.attempt;
  if (attempt === undefined) {
    const { run } = await getWorkflowRun(system, report.runId);
    const step = run.steps.find((candidate) => candidate.name === report.step);
    if (!step) throw new InvalidArgumentError('step', `run "${report.runId}" has no step "${report.step}"`);
    const unit = report.child === undefined ? step : step.children?.[report.child];
    if (!unit || unit.attempt < 1)
      throw new InvalidArgumentError(
        'step',
        `step "${report.step}" of run "${report.runId}" has not started`,
      );
    attempt = unit.attempt;
  }
  return { step: report.step, ...(report.child === undefined ? {} : { child: report.child }), attempt };
}

/** What a step report answers: the run it went to, and the run's status once it took the report. */
export interface StepReportOutcome {
  readonly runId: string;
  readonly status: RunStatus;
  /** The reported step's status then (absent for a step the run does not have any more). */
  readonly stepStatus?: StepStatus;
}

/** Seed 003's `report_step_completion`: the agent's result is the step's output. */
export async function reportStepCompletion(
  system: ActorSystem,
  report: StepReport & { readonly result: unknown },
  caller: Caller = OPERATOR,
): Promise<StepReportOutcome> {
  const { result, ...rest } = report;
  const given = await parseReport(system, rest, caller);
  const address = await addressOf(system, given, caller);
  await tellRun(
    system,
    given.runId,
    {
      type: 'step-succeeded',
      ...address,
      output: result,
      ...(given.usage ? { usage: given.usage } : {}),
    },
    OPERATOR,
  ); // checked with the attempt (addressOf)
  return outcomeOf(system, given, address, result);
}

/** Seed 003's `report_step_failure`: the step fails with `step_failed` (or the code given). */
export async function reportStepFailure(
  system: ActorSystem,
  report: StepReport & {
    readonly errorMessage: string;
    readonly code?: string;
    readonly retryable?: boolean;
  },
  caller: Caller = OPERATOR,
): Promise<StepReportOutcome> {
  const { errorMessage, code, retryable, ...rest } = report;
  const given = await parseReport(system, rest, caller);
  const address = await addressOf(system, given, caller);
  await tellRun(
    system,
    given.runId,
    {
      type: 'step-failed',
      ...address,
      error: {
        code: code ?? 'step_failed',
        message: errorMessage,
        ...(retryable === undefined ? {} : { retryable }),
      },
      ...(given.usage ? { usage: given.usage } : {}),
    },
    OPERATOR,
  ); // checked with the attempt (addressOf)
  return outcomeOf(system, given, address, null);
}

/**
 * The run's state once it took the report (asked after the report's tell, so answered after
 * it); the attempt's task is closed as the attempt ended (`reported`: the result, on success).
 */
async function outcomeOf(
  system: ActorSystem,
  report: GivenReport,
  address: { readonly attempt: number },
  reported: unknown,
): Promise<StepReportOutcome> {
  const { run } = await system.refOf<RunMsg>(runActorId(report.runId)).ask<RunView>({ type: 'get' });
  const unit = unitNamed(run, report);
  const attempt = unit?.attempts.find((record) => record.attempt === address.attempt);
  const ended =
    attempt?.outcome === 'succeeded'
      ? ({ status: 'completed', result: reported } as const)
      : attempt?.outcome === 'failed'
        ? ({ status: 'failed' } as const)
        : null;
  // The report is taken whatever becomes of its task: one left open is the agent's to close.
  if (attempt && ended)
    await settleStepTask(system, attemptKeyOf(report.runId, report, attempt), ended).catch(() => {});
  return {
    runId: report.runId,
    status: run.status,
    ...(unit === undefined ? {} : { stepStatus: unit.status }),
  };
}

/** Whom a run's flags are decided for: its context's user_id, else agent_id, else the agent that started it. */
function flagSubjectOf(context: unknown, startedBy: string | undefined): string | null {
  if (typeof context === 'object' && context !== null) {
    for (const key of ['user_id', 'agent_id']) {
      const value: unknown = Object.getOwnPropertyDescriptor(context, key)?.value;
      if (typeof value === 'string' && value.length > 0 && value.length <= 256) return value;
    }
  }
  return startedBy ?? null;
}
