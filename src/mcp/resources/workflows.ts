/**
 * The workflow resources, `application/json`:
 *
 * | URI | shows | who reads / subscribes |
 * |---|---|---|
 * | `troupe://workflows/{id}` | a workflow (by name or definition id): its versions with their statuses, the current version in full | anyone (definitions are shared templates) |
 * | `troupe://runs/{id}` | a run as `get_workflow_run` shows it: status, each step's status, attempts, timings, output or error, usage | as the tools: a run started by an agent, a session acting for that agent; any other, anyone |
 *
 * The rules are the workflow API's (actors/workflows/shell/run-access.ts); here they meet the
 * session's proven identity (`access.ts`). A run's resource is pushed on every step change
 * through the change watch (register.ts); a workflow's after a tool call that changed it
 * (change-notices.ts). Templates list the workflows and the runs this session may read.
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isInScope, tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import {
  CATALOG_TABLE,
  type CatalogEntry,
  findCatalogEntry,
  getWorkflowRun,
  RUNS_TABLE,
  type RunRecord,
  shownVersion,
} from '../../../actors/workflows/index.js';
import type { ActorSystem } from '../../kernel/index.js';
import { definitionRecordOf, runRecordOf } from '../records/workflow.js';
import { actingFor, assertActsFor, type ResourceAccess, readerOf } from './access.js';
import { JSON_MIME, jsonContents, resourceNotFound, single } from './contents.js';
import { URI_TEMPLATES, uriOf } from './uris.js';

/** How many workflows or runs a template lists. */
const LIST_CAP = 1_000;

/** The run's line, or the resource-not-found error; throws unless this session may read the run. */
export async function assertMayReadRun(
  system: ActorSystem,
  access: ResourceAccess,
  runId: string,
  uri: URL | string,
): Promise<RunRecord> {
  const record = system.table<RunRecord>(RUNS_TABLE).get([runId]);
  // Another tenant's run is one that does not exist.
  if (!record || !isInScope(tenantScopeOf(system, readerOf(access)), record.tenantId))
    throw resourceNotFound(uri, `no workflow run "${runId}"`, 'id');
  if (record.startedBy !== undefined) await assertActsFor(access, record.startedBy, uri);
  return record;
}

function workflowContents(system: ActorSystem, entry: CatalogEntry): Record<string, unknown> {
  const { record } = shownVersion(system, entry);
  return {
    ...(record ? { workflow: definitionRecordOf(system, record) } : {}),
    versions: entry.versions.map((line) => ({ ...line })),
  };
}

export function registerWorkflowResources(
  server: McpServer,
  system: ActorSystem,
  access: ResourceAccess,
): void {
  const json = { mimeType: JSON_MIME } as const;
  server.registerResource(
    'workflow',
    new ResourceTemplate(URI_TEMPLATES.workflow, {
      list: async () => ({
        resources: system
          .table<CatalogEntry>(CATALOG_TABLE)
          .range({ limit: LIST_CAP })
          .map(({ value }) => ({
            uri: uriOf('workflow', value.id ?? value.name),
            name: `workflow ${value.name}`,
            ...(value.description === undefined ? {} : { title: value.description }),
            ...json,
          })),
      }),
    }),
    {
      title: 'Workflow',
      description: 'A workflow (by name or id): its versions and statuses, the current version in full.',
      ...json,
    },
    async (uri, { id }) => {
      const entry = findCatalogEntry(system, single(id));
      if (!entry) throw resourceNotFound(uri, `no workflow "${single(id)}" is defined`, 'id');
      return jsonContents(uri, workflowContents(system, entry));
    },
  );
  server.registerResource(
    'run',
    new ResourceTemplate(URI_TEMPLATES.run, {
      list: async () => {
        const mine = new Set(actingFor(access));
        const scope = tenantScopeOf(system, readerOf(access));
        return {
          resources: system
            .table<RunRecord>(RUNS_TABLE)
            .range({ limit: LIST_CAP })
            .filter(
              ({ value }) =>
                isInScope(scope, value.tenantId) &&
                (value.startedBy === undefined || mine.has(value.startedBy)),
            )
            .map(({ value }) => ({
              uri: uriOf('run', value.runId),
              name: `run ${value.runId}`,
              title: `${value.workflow.name} ${value.workflow.version}: ${value.status}`,
              ...json,
            })),
        };
      },
    }),
    {
      title: 'Workflow run',
      description:
        "A workflow run, as get_workflow_run shows it; for a session acting for the agent that started it. Subscribe to hear of each step's change.",
      ...json,
    },
    async (uri, { id }) => {
      const runId = single(id);
      await assertMayReadRun(system, access, runId, uri);
      return jsonContents(uri, { run: runRecordOf(system, await getWorkflowRun(system, runId)) });
    },
  );
}
