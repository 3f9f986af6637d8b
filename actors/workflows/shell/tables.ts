/**
 * The workflow tables — written by the definition and run actors in the turn that changes
 * them (so they are committed with their state), read by the main thread (`system.table`)
 * and by run actors (a run reads the definition it runs). Their names and record shapes:
 *
 *   workflow-definitions   [name, version] → DefinitionRecord   every version ever defined
 *   workflow-catalog       [name]          → CatalogEntry        one line per workflow
 *   workflow-runs          [runId]         → RunRecord           every run, its latest summary
 *   workflow-runs-active   [runId]         → 1                   the runs not finished yet
 *   workflow-triggers      [name]          → TriggerRecord       a current version's event or schedule trigger
 *   workflow-event-triggers [event, name]  → version             the same, by event type
 *   workflow-trigger-incidents [at, id]    → TriggerIncident     triggers that could not start a run
 *
 * Not here: the run itself (the run actor's state) and what the tables are for (api.ts).
 */
import type { ActorContext, Table } from '../../../src/kernel/index.js';
import type { DefinitionStatus } from '../definition/types.js';
import type { RunStatus } from '../run/types.js';

export const DEFINITIONS_TABLE = 'workflow-definitions';
export const CATALOG_TABLE = 'workflow-catalog';
export const RUNS_TABLE = 'workflow-runs';
export const ACTIVE_RUNS_TABLE = 'workflow-runs-active';
export const TRIGGERS_TABLE = 'workflow-triggers';
export const EVENT_TRIGGERS_TABLE = 'workflow-event-triggers';
export const TRIGGER_INCIDENTS_TABLE = 'workflow-trigger-incidents';

/** A workflow's current version that starts runs by itself: on an event, or on a schedule. */
export interface TriggerRecord {
  readonly name: string;
  readonly version: string;
  readonly kind: 'event' | 'schedule';
  /** The event type (`event`) or the cron expression (`schedule`). */
  readonly on: string;
}

/** A trigger that fired and could not start its run (a payload that does not fit, say). */
export interface TriggerIncident {
  readonly workflow: string;
  readonly version: string;
  readonly trigger: 'event' | 'schedule';
  /** The event type, or the firing time (ISO-8601) of a schedule. */
  readonly firing: string;
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** One version of a definition, as it was given (YAML/JSON text or data). */
export interface DefinitionRecord {
  readonly name: string;
  readonly version: string;
  readonly status: DefinitionStatus;
  readonly source: string | object;
  readonly id?: string;
  readonly description?: string;
  readonly creatorId?: string;
  readonly definedAt: number;
  readonly updatedAt: number;
}

export interface CatalogEntry {
  readonly name: string;
  /** The version a run by name starts with: the newest one defined that is draft or active. */
  readonly current?: string;
  readonly versions: readonly { readonly version: string; readonly status: DefinitionStatus }[];
  readonly id?: string;
  readonly description?: string;
  readonly updatedAt: number;
}

export interface RunRecord {
  readonly runId: string;
  readonly workflow: { readonly name: string; readonly version: string };
  readonly status: RunStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The run that started this one as a sub-workflow step. */
  readonly parentRunId?: string;
  /** The agent that started it (its run is its own: run-access.ts); none for a run started without one. */
  readonly startedBy?: string;
  /** The tenant it was started in (absent: the default tenant's; `coordination/tenancy.ts`). */
  readonly tenantId?: string;
}

/** The actor id of a workflow's definition actor and of a run actor. */
export function definitionActorId(name: string): string {
  return `workflow:${name}`;
}

export function runActorId(runId: string): string {
  return `run:${runId}`;
}

/** `ctx.table(name)`: tables live in the store, so a workflow system needs a `dataDir`. */
export function tableOf<Value>(ctx: ActorContext<unknown>, name: string): Table<Value> {
  return ctx.table<Value>(name);
}
