/**
 * Workflow records over MCP, one shape for the tools and the resources: a definition version
 * (`definitionRecordOf`: seed 003's `Workflow` — `id`, `name`, `description`, `created_at`,
 * `creator_id`, `steps`, `status`, `updated_at` — with the version and the source as written),
 * its steps as seed 003's `WorkflowStep`s whatever shape they were written in, and a run as
 * `get_workflow_run` shows it (`runRecordOf`: the run's result so far, its parent run, and its
 * budget beside what it spent).
 */
import {
  type DefinitionRecord,
  definitionOf,
  type RunView,
  type StepDefinition,
  workflowIdOf,
} from '../../../actors/workflows/index.js';
import type { ActorSystem } from '../../kernel/index.js';

export function definitionRecordOf(system: ActorSystem, record: DefinitionRecord): Record<string, unknown> {
  const definedAt = new Date(record.definedAt).toISOString();
  return {
    id: workflowIdOf(record),
    name: record.name,
    version: record.version,
    status: record.status,
    ...(record.description === undefined ? {} : { description: record.description }),
    ...(record.creatorId === undefined ? {} : { creator_id: record.creatorId }),
    created_at: definedAt,
    defined_at: definedAt,
    updated_at: new Date(record.updatedAt).toISOString(),
    steps: definitionOf(system, record).steps.map(workflowStepOf),
    definition: record.source,
  };
}

/** A step of a definition as seed 003 writes one (a template: every step `pending`). */
function workflowStepOf(step: StepDefinition): Record<string, unknown> {
  const work = step.work;
  const tool = work.kind === 'tool' || work.kind === 'agent' ? work.tool : undefined;
  return {
    step_id: step.name,
    description: step.description ?? '',
    kind: work.kind,
    depends_on: [...step.dependsOn],
    ...(work.kind === 'agent' && work.role !== undefined ? { assigned_role: work.role } : {}),
    ...(work.kind === 'agent' && work.agentId !== undefined ? { assigned_agent_id: work.agentId } : {}),
    ...(tool === undefined ? {} : { tool_to_call: tool }),
    ...(step.input === undefined || step.input === null ? {} : { tool_arguments: step.input }),
    status: 'pending',
  };
}

export function runRecordOf(system: ActorSystem, view: RunView): Record<string, unknown> {
  const { budget } = definitionOf(system, view.result.workflow).guards;
  const { usage, duration } = view.result;
  return {
    ...view.result,
    ...(view.parentRunId ? { parentRunId: view.parentRunId } : {}),
    // The run's budget (seed 004's guards.budget) beside what it spent so far: wall time, tokens, cost.
    budget: { ...budget, spent: { elapsedMs: duration, tokens: usage.tokens, cost: usage.cost } },
  };
}
