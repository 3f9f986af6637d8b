/**
 * Durable workflows — the engine's core, as pure logic. Definitions (YAML or JSON, either
 * seed shape) are parsed and compiled once; a run is plain data moved by
 * `transition(workflow, run, event, now) → { run, commands }`. The shell around it — the
 * durable run actor, the tools, the CLI — commits the run, carries out the commands and
 * feeds outcomes back as events; none of that is here.
 *
 *   parseWorkflowDefinition(yamlOrJsonOrObject) ─► CompiledWorkflow
 *   initialRun(workflow, { runId, payload, context }, now) ─► WorkflowRun (pending)
 *   transition(workflow, run, { type: 'start' }, now) ─► { run, commands: [start-step …] }
 *   … step-succeeded / step-failed / timer-fired / signal-received / pause / resume / cancel …
 *   replay(workflow, options, journal) + { type: 'restarted' } ─► resume after a crash
 *   toWorkflowResult(workflow, run, now) ─► { status, duration, steps, usage, error }
 *
 * The shell's contract: commit the run (or append the event to the journal) before carrying
 * out the commands; pass each attempt's `idempotencyKey` downstream (a tool call, an agent's
 * task, a child run's id); feed outcomes back as events — seed 003's
 * `report_step_completion(result)` is `step-succeeded { output: result }`, its
 * `report_step_failure(error_message)` is `step-failed { error: { code: 'step_failed',
 * message } }`; after a restart, send `restarted` once.
 */
export type { CompiledStep, CompiledUnit, CompiledWorkflow } from './definition/compile.js';
export { compileWorkflow } from './definition/compile.js';
export { parseWorkflowDefinition } from './definition/source.js';
export { type ScheduledFiring, scheduledFiring } from './definition/trigger.js';
export type {
  Budget,
  DefinitionStatus,
  Estimate,
  FallbackTarget,
  GateDefinition,
  Guards,
  OnFailure,
  RetryPolicy,
  StepDefinition,
  StepKind,
  StepWork,
  TriggerDefinition,
  WorkflowDefinition,
} from './definition/types.js';
export { DEFINITION_STATUSES } from './definition/types.js';
export { type DefinitionIssue, WorkflowDefinitionError } from './errors.js';
export { type JournalEntry, replay } from './run/replay.js';
export { toWorkflowResult } from './run/result.js';
export { initialRun, type RunOptions, transition } from './run/transition.js';
export type {
  AttemptRecord,
  RunError,
  RunStatus,
  StepError,
  StepState,
  StepStatus,
  StepSummary,
  TransitionResult,
  UnitState,
  Usage,
  WorkflowCommand,
  WorkflowEvent,
  WorkflowResult,
  WorkflowRun,
  WorkOrder,
} from './run/types.js';
export { RUN_STATUSES, STEP_STATUSES, WorkflowEventSchema } from './run/types.js';

// The shell: durable runs on the kernel (one actor per run), the definition store, the API.
export {
  cancelWorkflowRun,
  defineWorkflow,
  executeWorkflow,
  getWorkflowRun,
  pauseWorkflowRun,
  reportStepCompletion,
  reportStepFailure,
  resumeWorkflowRun,
  type StartedRun,
  type StartOptions,
  type StepReport,
  type StepReportOutcome,
  setWorkflowStatus,
  signalWorkflow,
  startWorkflowRun,
} from './shell/api.js';
export { WorkflowDefinitionActor } from './shell/definition-actor.js';
export {
  definitionOf,
  findCatalogEntry,
  resolveRunVersion,
  shownVersion,
  workflowIdOf,
} from './shell/definitions.js';
export { startWorkflows, type WorkflowEngineOptions } from './shell/engine.js';
export { findWorkflowEngine, type WorkflowEngine, workflowEngineOf } from './shell/engine-registry.js';
export { type ExecutorListener, StepExecutor } from './shell/executor.js';
export { createGatewayTools } from './shell/gateway-tools.js';
export type { ExecutorMsg, ParentLink, RunMsg, RunView } from './shell/messages.js';
export { WorkflowRunActor } from './shell/run-actor.js';
export { type AgentStepOrder, createListeningAgents, type StepAgents } from './shell/step-agents.js';
export {
  createFunctionTools,
  type StepTools,
  type ToolCallOptions,
  type ToolCallResult,
  type ToolFunction,
  type ToolUsage,
} from './shell/step-tools.js';
export {
  ACTIVE_RUNS_TABLE,
  CATALOG_TABLE,
  type CatalogEntry,
  DEFINITIONS_TABLE,
  type DefinitionRecord,
  RUNS_TABLE,
  type RunRecord,
  runActorId,
} from './shell/tables.js';
export { createTaskAgents, stepTaskId } from './shell/task-agents.js';
export {
  defineThreadTools,
  isThreadTools,
  type ThreadTools,
  type ThreadToolsRef,
} from './shell/thread-tools.js';
export { type ToolRunnerArgs, WorkflowToolRunner } from './shell/tool-runner.js';
