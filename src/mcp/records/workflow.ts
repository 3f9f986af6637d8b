/**
 * Workflow records over MCP, one shape for the tools and the resources: a definition version
 * (`definitionRecordOf`: snake_case keys, ISO-8601 times, the source as written) and a run as
 * `get_workflow_run` shows it (`runRecordOf`: the run's result so far, and its parent run).
 */
import type { DefinitionRecord, RunView } from '../../../actors/workflows/index.js';

export function definitionRecordOf(record: DefinitionRecord): Record<string, unknown> {
  return {
    name: record.name,
    version: record.version,
    status: record.status,
    ...(record.id === undefined ? {} : { id: record.id }),
    ...(record.description === undefined ? {} : { description: record.description }),
    ...(record.creatorId === undefined ? {} : { creator_id: record.creatorId }),
    defined_at: new Date(record.definedAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
    definition: record.source,
  };
}

export function runRecordOf(view: RunView): Record<string, unknown> {
  return { ...view.result, ...(view.parentRunId ? { parentRunId: view.parentRunId } : {}) };
}
