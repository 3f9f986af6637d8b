/**
 * The one workflow engine of each actor system in this process, and what an engine is: its
 * executor and listeners, and seed 004's Workflow Engine API on it — `executeWorkflow(name,
 * payload, context)` → `{ status, duration, steps }`, `registerWorkflow(definition)`,
 * `getWorkflow(name)`, `getWorkflows()`. Kept apart from starting one (engine.ts), which the
 * operations on runs (api.ts) must not import: the engine's API methods are those operations.
 */
import { type ActorSystem, InvalidArgumentError } from '../../../src/kernel/index.js';
import type { WorkflowResult } from '../run/types.js';
import type { ExecutorListener, StepExecutor } from './executor.js';
import type { CatalogEntry, DefinitionRecord } from './tables.js';

export interface WorkflowEngine {
  readonly system: ActorSystem;
  readonly executor: StepExecutor;
  /** How many unfinished runs were attached when the engine started. */
  readonly resumed: number;
  /** The feature flags decided for `subject`, for a run starting now. */
  flagsFor(subject: string | null): [string, boolean][];
  listen(listener: ExecutorListener): () => void;
  stop(): void;
  /** Seed 004: run the workflow `nameOrId` (its current version) to its end. */
  executeWorkflow(nameOrId: string, payload?: unknown, context?: unknown): Promise<WorkflowResult>;
  /** Seed 004: define (a version of) a workflow from YAML/JSON text or data. */
  registerWorkflow(definition: string | object): Promise<DefinitionRecord>;
  /** Seed 004: a workflow's definition — its current version unless `version` (undefined: none). */
  getWorkflow(nameOrId: string, version?: string): DefinitionRecord | undefined;
  /** Seed 004: every workflow defined (up to 1,000, by name). */
  getWorkflows(): CatalogEntry[];
}

const engines = new WeakMap<ActorSystem, WorkflowEngine>();

export function setWorkflowEngine(system: ActorSystem, engine: WorkflowEngine): void {
  engines.set(system, engine);
}

/** Forget `engine` if it is still the system's (a newer one stays). */
export function dropWorkflowEngine(system: ActorSystem, engine: WorkflowEngine): void {
  if (engines.get(system) === engine) engines.delete(system);
}

/** The engine started on `system`, if one is. */
export function findWorkflowEngine(system: ActorSystem): WorkflowEngine | undefined {
  return engines.get(system);
}

/** The engine started on `system`. Throws `InvalidArgumentError` when `startWorkflows` was not called. */
export function workflowEngineOf(system: ActorSystem): WorkflowEngine {
  const engine = engines.get(system);
  if (!engine)
    throw new InvalidArgumentError(
      'system',
      'has no workflow engine: call startWorkflows(system, { tools }) first',
    );
  return engine;
}
