/**
 * The workflow tools (seeds 003 and 004): `define_workflow`, `execute_workflow`,
 * `report_step_completion`, `report_step_failure`, `get_workflow`, `list_workflows`,
 * `get_workflow_run`, `list_workflow_runs`, `signal_workflow`, `pause_workflow_run`,
 * `resume_workflow_run`, `cancel_workflow_run`, `archive_workflow` — each a call to the
 * workflow API (actors/workflows), which owns every rule; these tools only map fields.
 * `execute_workflow` also reports progress (`wait: true` with a progress token) and has the
 * session's host asked for wait steps' input (elicitation) — workflow-follow.ts.
 * Running workflows needs the engine started on the system (`startWorkflows`): without it
 * `execute_workflow` answers `invalid_argument` naming `system`.
 *
 * Who may (the rules are actors/workflows/shell/run-access.ts's): definitions are read by
 * anyone; a workflow defined with a proven `creator_id` (or `agent_id`) is changed by that
 * agent only. A run is started by a proven `triggering_agent_id` and is that agent's: it alone
 * reads, lists, steers and reports on it (with the agent each agent step was given to) —
 * `unauthorized` without an identity, `forbidden` for another agent. Runs started without an
 * agent (CLI, triggers, embedding) are anyone's.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import type { Caller } from '../../../actors/coordination/caller.js';
import { creationTenant } from '../../../actors/coordination/tenancy.js';
import {
  ACTIVE_RUNS_TABLE,
  CATALOG_TABLE,
  type CatalogEntry,
  cancelWorkflowRun,
  DEFINITION_STATUSES,
  defineWorkflow,
  findCatalogEntry,
  getWorkflowRun,
  pauseWorkflowRun,
  RUN_STATUSES,
  RUNS_TABLE,
  type RunRecord,
  reportStepCompletion,
  reportStepFailure,
  resumeWorkflowRun,
  STEP_STATUSES,
  type StepReportOutcome,
  setWorkflowStatus,
  shownVersion,
  signalWorkflow,
  startWorkflowRun,
  workflowIdOf,
} from '../../../actors/workflows/index.js';
import { isRunVisibleTo } from '../../../actors/workflows/shell/run-access.js';
import { type ActorSystem, RefusedError, refuse, type TableKey } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { definitionRecordOf, runRecordOf } from '../records/workflow.js';
import type { ToolCall } from '../tool-call.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure, success } from '../tool-result.js';
import { traceWorkflowRun } from '../tracing/child-spans.js';
import { reportRunProgress, SessionRuns, stepCount } from './workflow-follow.js';

const Id = z.string().min(1).max(200);
const RunId = z.string().min(1).max(128);
const Json = z.record(z.string(), z.unknown());
const handledBy = 'workflows';
/** Every workflow tool but the definition reads acts for an agent: its token, needed once per MCP session. */
const agent_token = z.string().optional();

async function guarded(work: () => Promise<Record<string, unknown>>) {
  try {
    return success(await work());
  } catch (error) {
    return failure(error);
  }
}

function catalogEntry(system: ActorSystem, workflowId: string): CatalogEntry {
  const entry = findCatalogEntry(system, workflowId);
  if (!entry)
    throw new RefusedError(
      refuse('not_found', `no workflow "${workflowId}" is defined`, 'workflow_id').error,
    );
  return entry;
}

/** `server`: the session's, to ask its host for wait steps' input (elicitation: workflow-follow.ts). */
export function registerWorkflowTools(tools: ToolRegistry, system: ActorSystem, server?: Server): void {
  const sessionRuns = server ? new SessionRuns(system, server) : null;
  if (server && sessionRuns) {
    const closed = server.onclose;
    server.onclose = () => {
      sessionRuns.close();
      closed?.();
    };
  }
  tools.register(
    'define_workflow',
    {
      description:
        'Define (a version of) a workflow: `yaml` (YAML or JSON text), `definition` (an object in seed 004 or seed 003 shape), or seed 003 fields (name, description, steps). A version once defined never changes; errors name the path (steps[2].input.text).',
      inputSchema: {
        yaml: z.string().max(1_000_000).optional(),
        definition: Json.optional(),
        name: z.string().min(1).max(200).optional(),
        description: z.string().max(10_000).optional(),
        version: z.string().min(1).max(64).optional(),
        status: z.enum(DEFINITION_STATUSES).optional(),
        steps: z.array(Json).optional(),
        creator_id: Id.optional(),
        agent_token,
      },
      outputSchema: { workflow: Json },
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: ['creator_id', 'agent_id'],
    },
    (args, call) =>
      guarded(async () => {
        const { yaml, definition, name, description, version, status, steps } = args;
        // Only the seed's fields make the definition: never the caller's id or token.
        const fields = Object.fromEntries(
          Object.entries({ name, description, version, status, steps }).filter(
            ([, value]) => value !== undefined,
          ),
        );
        const given = [yaml, definition, fields.steps].filter((value) => value !== undefined).length;
        if (given !== 1)
          throw new RefusedError(
            refuse('invalid_argument', 'give exactly one of yaml, definition, or name + steps', 'definition')
              .error,
          );
        const source: string | object = yaml ?? definition ?? fields;
        const creatorId = call.actingAs;
        const record = await defineWorkflow(system, source, {
          caller: call.caller,
          ...(creatorId === null ? {} : { creatorId }),
        });
        return { workflow: definitionRecordOf(system, record) };
      }),
  );
  tools.register(
    'execute_workflow',
    {
      description:
        'Start a run of a workflow (by id or name; its current version unless `version`). Answers with the run_id, the workflow_id, the version and the run status; with wait: true, when the run ends, with its result { status, duration, steps }.',
      inputSchema: {
        workflow_id: Id,
        triggering_agent_id: Id,
        payload: z.unknown().optional(),
        context: Json.optional(),
        version: z.string().min(1).max(64).optional(),
        run_id: RunId.optional(),
        wait: z.boolean().default(false),
        agent_token,
      },
      outputSchema: {
        run_id: z.string(),
        workflow_id: z.string(),
        version: z.string(),
        status: z.enum(RUN_STATUSES),
        result: Json.optional(),
      },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'triggering_agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const runId = args.run_id ?? randomUUID();
        // Progress per step transition, heard from before the run starts (wait: true with a token).
        const progress =
          args.wait && call.progress
            ? reportRunProgress(
                system,
                runId,
                stepCount(system, args.workflow_id, args.version),
                call.progress,
              )
            : null;
        // Followed from before it starts: a first step that waits for input is asked too.
        sessionRuns?.started(runId, call.caller);
        try {
          const started = await startWorkflowRun(
            system,
            args.workflow_id,
            args.payload ?? {},
            { ...(args.context ?? {}), triggering_agent_id: args.triggering_agent_id },
            {
              runId,
              ...(args.version === undefined ? {} : { version: args.version }),
              ...(call.actingAs === null ? {} : { startedBy: call.actingAs }),
              tenantId: creationTenant(system, call.caller),
            },
          );
          if (!args.wait) return { run_id: started.runId, ...runLine(system, started.runId) };
          const aborted = new Promise<never>((_resolve, reject) => {
            call.signal.addEventListener('abort', () => reject(new Error('the request was cancelled')), {
              once: true,
            });
          });
          const result = await Promise.race([started.result, aborted]);
          traceWorkflowRun(result, Date.now());
          progress?.end(result.steps);
          return {
            run_id: started.runId,
            ...runLine(system, started.runId),
            status: result.status,
            result: { ...result },
          };
        } catch (error) {
          // A run that did not start is not followed; one whose wait was cancelled still is.
          if (!call.signal.aborted) sessionRuns?.forget(runId);
          throw error;
        } finally {
          progress?.end();
        }
      }),
  );
  const stepAddress = {
    run_id: RunId.optional(),
    workflow_id: Id.optional(),
    step_id: z.string().min(1).max(128),
    child: z.number().int().min(0).optional(),
    attempt: z.number().int().min(1).optional(),
    agent_id: Id.optional(),
    agent_token,
    usage: z.object({ tokens: z.number().min(0).optional(), cost: z.number().min(0).optional() }).optional(),
  };
  const address = (args: {
    run_id?: string | undefined;
    workflow_id?: string | undefined;
    step_id: string;
    child?: number | undefined;
    attempt?: number | undefined;
    usage?: { tokens?: number | undefined; cost?: number | undefined } | undefined;
  }) => {
    if (args.run_id === undefined && args.workflow_id === undefined)
      throw new RefusedError(
        refuse('invalid_argument', 'name the run: run_id, or workflow_id (seed 003)', 'run_id').error,
      );
    return {
      ...(args.run_id === undefined ? {} : { runId: args.run_id }),
      ...(args.workflow_id === undefined ? {} : { workflowId: args.workflow_id }),
      step: args.step_id,
      ...(args.child === undefined ? {} : { child: args.child }),
      ...(args.attempt === undefined ? {} : { attempt: args.attempt }),
      ...(args.usage === undefined
        ? {}
        : {
            usage: {
              ...(args.usage.tokens === undefined ? {} : { tokens: args.usage.tokens }),
              ...(args.usage.cost === undefined ? {} : { cost: args.usage.cost }),
            },
          }),
    };
  };
  // Seed 003: "Return: Updated workflow status" — the run's and the step's, once the run took the report.
  const reportOutput = {
    reported: z.boolean(),
    run_id: z.string(),
    workflow_status: z.enum(RUN_STATUSES),
    step_status: z.enum(STEP_STATUSES).optional(),
  };
  const reported = (outcome: StepReportOutcome) => ({
    reported: true,
    run_id: outcome.runId,
    workflow_status: outcome.status,
    ...(outcome.stepStatus === undefined ? {} : { step_status: outcome.stepStatus }),
  });
  tools.register(
    'report_step_completion',
    {
      description:
        "An agent's step is done: `result` becomes the step's output (attempt: the step's current one by default). Name the run by `run_id`, or by `workflow_id` (seed 003): a run id, or the workflow whose one run awaits this agent's step.",
      inputSchema: { ...stepAddress, result: z.unknown().optional() },
      outputSchema: reportOutput,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const outcome = await reportStepCompletion(
          system,
          { ...address(args), result: args.result ?? null },
          call.caller,
        );
        return reported(outcome);
      }),
  );
  tools.register(
    'report_step_failure',
    {
      description:
        "An agent's step failed: the step's retry policy and on_failure decide what follows. The run is named as for report_step_completion.",
      inputSchema: {
        ...stepAddress,
        error_message: z.string().min(1).max(10_000),
        code: z.string().min(1).max(100).optional(),
      },
      outputSchema: reportOutput,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const outcome = await reportStepFailure(
          system,
          {
            ...address(args),
            errorMessage: args.error_message,
            ...(args.code === undefined ? {} : { code: args.code }),
          },
          call.caller,
        );
        return reported(outcome);
      }),
  );
  tools.register(
    'get_workflow',
    {
      description:
        'A workflow: its versions and statuses, and one version in full (the current one unless `version`).',
      inputSchema: { workflow_id: Id, version: z.string().min(1).max(64).optional() },
      outputSchema: { workflow: Json, versions: z.array(Json) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      guarded(async () => {
        const entry = catalogEntry(system, args.workflow_id);
        const { version, record } = shownVersion(system, entry, args.version);
        if (!record)
          throw new RefusedError(
            refuse('not_found', `workflow "${entry.name}" has no version ${version}`, 'version').error,
          );
        return {
          workflow: definitionRecordOf(system, record),
          versions: entry.versions.map((line) => ({ ...line })),
        };
      }),
  );
  tools.register(
    'list_workflows',
    {
      description: 'Every defined workflow: name, id, current version, versions with their statuses.',
      inputSchema: { limit: z.number().int().min(1).max(1_000).default(100) },
      outputSchema: { workflows: z.array(Json) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      guarded(async () => ({
        workflows: system
          .table<CatalogEntry>(CATALOG_TABLE)
          .range({ limit: args.limit })
          .map((entry) => ({ ...entry.value, id: workflowIdOf(entry.value) })),
      })),
  );
  tools.register(
    'get_workflow_run',
    {
      description:
        'A run: status, each step with its status, the steps it depends on (dependsOn: the DAG of the run), attempts, timings, output or error, and the budget spent.',
      inputSchema: { run_id: RunId, agent_token },
      outputSchema: { run: Json },
      annotations: READS,
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const view = await getWorkflowRun(system, args.run_id, call.caller);
        return { run: runRecordOf(system, view) };
      }),
  );
  tools.register(
    'list_workflow_runs',
    {
      description:
        'Runs, newest state of each: all of them, or only those not finished (active: true); only those of one workflow with workflow_id (its id or name).',
      inputSchema: {
        active: z.boolean().default(false),
        workflow_id: Id.optional(),
        limit: z.number().int().min(1).max(1_000).default(100),
        agent_token,
      },
      outputSchema: { runs: z.array(Json) },
      annotations: READS,
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const workflow = args.workflow_id === undefined ? null : catalogEntry(system, args.workflow_id).name;
        return {
          runs: visibleRuns(system, { active: args.active, workflow }, args.limit, call).map((line) => ({
            ...line,
          })),
        };
      }),
  );
  tools.register(
    'signal_workflow',
    {
      description:
        'Send a named signal to a run: its wait step for it goes on; one sent before the wait is kept.',
      inputSchema: {
        run_id: RunId,
        signal: z.string().min(1).max(64),
        payload: z.unknown().optional(),
        agent_token,
      },
      outputSchema: { signalled: z.boolean() },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        await signalWorkflow(system, args.run_id, args.signal, args.payload, call.caller);
        return { signalled: true };
      }),
  );
  const runControl = (
    name: string,
    description: string,
    act: (runId: string, caller: Caller, reason?: string) => Promise<void>,
    destructive: boolean,
  ) =>
    tools.register(
      name,
      {
        description,
        inputSchema: { run_id: RunId, reason: z.string().max(1_000).optional(), agent_token },
        outputSchema: { done: z.boolean() },
        annotations: changes({ destructive, idempotent: true }),
        handledBy,
        caller: 'agent_id',
      },
      (args, call) =>
        guarded(async () => {
          await act(args.run_id, call.caller, args.reason);
          return { done: true };
        }),
    );
  runControl(
    'pause_workflow_run',
    'Pause a run: no new step starts until it is resumed.',
    (runId, caller) => pauseWorkflowRun(system, runId, caller),
    false,
  );
  runControl(
    'resume_workflow_run',
    'Resume a paused run.',
    (runId, caller) => resumeWorkflowRun(system, runId, caller),
    false,
  );
  runControl(
    'cancel_workflow_run',
    'Cancel a run: its steps in flight are cancelled, it ends cancelled.',
    (runId, caller, reason) => cancelWorkflowRun(system, runId, reason, caller),
    true,
  );
  tools.register(
    'archive_workflow',
    {
      description:
        'Archive a workflow version (the current one unless `version`): it starts no more runs; runs under way go on.',
      inputSchema: { workflow_id: Id, version: z.string().min(1).max(64).optional(), agent_token },
      outputSchema: { workflow: Json },
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      guarded(async () => {
        const entry = catalogEntry(system, args.workflow_id);
        const version = args.version ?? entry.current;
        if (version === undefined)
          throw new RefusedError(
            refuse('not_found', `workflow "${entry.name}" has no version to archive`, 'version').error,
          );
        const archived = await setWorkflowStatus(system, entry.name, version, 'archived', call.caller);
        return { workflow: definitionRecordOf(system, archived) };
      }),
  );
}

/** The runs `call`'s caller may see (run-access.ts), newest state of each, at most `limit`. */
/** Seed 003's "execution details and initial status": the run's workflow, version and status as its table line has them. */
function runLine(system: ActorSystem, runId: string) {
  const line = system.table<RunRecord>(RUNS_TABLE).get([runId]);
  if (!line) throw new RefusedError(refuse('not_found', `no workflow run "${runId}"`, 'run_id').error);
  const entry = findCatalogEntry(system, line.workflow.name);
  return {
    workflow_id: entry ? workflowIdOf(entry) : line.workflow.name,
    version: line.workflow.version,
    status: line.status,
  };
}

function visibleRuns(
  system: ActorSystem,
  filter: { readonly active: boolean; readonly workflow: string | null },
  limit: number,
  call: ToolCall,
): RunRecord[] {
  const { active, workflow } = filter;
  const runs = system.table<RunRecord>(RUNS_TABLE);
  const found: RunRecord[] = [];
  let after: TableKey | undefined;
  // Pages of the table until `limit` visible runs are found: other agents' runs are skipped.
  for (;;) {
    const page = active
      ? system.table<number>(ACTIVE_RUNS_TABLE).range({ limit: 1_000, ...(after ? { after } : {}) })
      : runs.range({ limit: 1_000, ...(after ? { after } : {}) });
    for (const entry of page) {
      const record = active ? runs.get(entry.key) : (entry.value as RunRecord);
      if (
        record &&
        (workflow === null || record.workflow.name === workflow) &&
        isRunVisibleTo(system, record, call.caller)
      )
        found.push(record);
      if (found.length === limit) return found;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < 1_000) return found;
    after = last.key;
  }
}
