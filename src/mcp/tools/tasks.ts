/**
 * The task tools on the rebuilt domain (`actors/coordination/tasks/api.ts`): `create_task`,
 * `delegate_subtask` (seed 003: coordinator_agent_id, assigned_agent_id, subtask_id,
 * subtask_description, contextual_data?, parent_task_id?, deadline?; troupe's `force`,
 * `required_capabilities`, `priority`), `update_task_status`, `merge_results` (seed 003:
 * results; troupe's `task_id`, `strategy`), `get_task`, `list_tasks`. `decompose_task` and
 * `assign_subtasks` are decompose.ts's.
 *
 * Who may: creating needs a proven agent; only a task's coordinator (or creator) delegates or
 * reassigns it; only its assignee moves it along; results and context are shown to its
 * coordinator, creator and assignee only. Merging given `results` needs no identity (nothing
 * is read or stored); merging a task's subtasks does.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import {
  createTask,
  delegateSubtask,
  getTask,
  listTasks,
  mergeResults,
  updateTaskStatus,
} from '../../../actors/coordination/tasks/api.js';
import { MERGE_STRATEGIES } from '../../../actors/coordination/tasks/merge-results.js';
import {
  PRIORITIES,
  TASK_STATUSES,
  type TaskRecord,
} from '../../../actors/coordination/tasks/task-record.js';
import { CapabilitiesSchema } from '../../../actors/coordination/tasks/task-schemas.js';
import { changes, READS } from '../annotations.js';
import { TaskRecordSchema, taskRecordOf } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { type Alias, aliasNote, eitherOf } from './aliases.js';
import { NextCursorSchema, PagingShape, pageOf, pageShape, resultOf } from './domain-answer.js';

const HANDLED_BY = 'tasks';
const SUBTASK: Alias = { seed: 'subtask_id', old: 'task_id' };
const DELEGATE: Alias = { seed: 'assigned_agent_id', old: 'to_agent_id' };
const COORDINATOR: Alias = { seed: 'coordinator_agent_id', old: 'agent_id' };
const ASSIGNEE: Alias = { seed: 'assigned_agent_id', old: 'assignee' };
const single = { task: TaskRecordSchema };
const one = (task: TaskRecord) => ({ task: taskRecordOf(task) });
const Deadline = z
  .union([z.number().int().nonnegative(), z.string().max(64)])
  .describe('ISO-8601 time, or epoch milliseconds');

export function registerTaskTools(tools: ToolRegistry, domain: AgentsDomain): void {
  const { system, limits } = domain;
  const Text = z.string().min(1).max(limits.textChars);
  tools.register(
    'create_task',
    {
      description:
        'A proven agent creates a task it coordinates (a subtask when parent_task_id is given: the parent’s coordinator, creator or assignee may add one).',
      inputSchema: {
        description: Text,
        required_capabilities: CapabilitiesSchema.default([]),
        priority: z.enum(PRIORITIES).default('medium'),
        deadline: Deadline.optional(),
        parent_task_id: IdSchema.optional(),
        workflow_id: IdSchema.optional(),
        contextual_data: z.unknown().optional(),
        id: IdSchema.optional().describe('the new task’s id (default: generated)'),
        agent_token: z.string().optional(),
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await createTask(
          system,
          call.caller,
          {
            description: args.description,
            requiredCapabilities: args.required_capabilities,
            priority: args.priority,
            ...(args.deadline !== undefined ? { deadline: args.deadline } : {}),
            ...(args.parent_task_id !== undefined ? { parentTaskId: args.parent_task_id } : {}),
            ...(args.workflow_id !== undefined ? { workflowId: args.workflow_id } : {}),
            ...(args.contextual_data !== undefined ? { contextualData: args.contextual_data } : {}),
            ...(args.id !== undefined ? { id: args.id } : {}),
          },
          limits,
        ),
        one,
      ),
  );
  tools.register(
    'delegate_subtask',
    {
      description:
        "The coordinator (coordinator_agent_id, proven) gives a subtask to assigned_agent_id (seed 003), creating it when subtask_id names no task (subtask_description is then required). The delegate must be registered (unknown_agent), online (agent_offline) and have the task's required_capabilities (missing_capabilities) — the last two unless force: true. Without assigned_agent_id the least loaded available agent with the capabilities is picked (no_agent when none). Only a task's coordinator may delegate or reassign it (forbidden)." +
        aliasNote([SUBTASK, DELEGATE, COORDINATOR]),
      inputSchema: {
        coordinator_agent_id: IdSchema.optional(),
        assigned_agent_id: IdSchema.optional(),
        subtask_id: IdSchema.optional(),
        subtask_description: Text.optional(),
        contextual_data: z.unknown().optional(),
        parent_task_id: IdSchema.optional(),
        deadline: Deadline.optional(),
        required_capabilities: CapabilitiesSchema.optional().describe('for a task this creates'),
        priority: z.enum(PRIORITIES).optional().describe('for a task this creates'),
        force: z.boolean().default(false).describe('delegate to an offline or unable agent all the same'),
        task_id: IdSchema.optional().describe('older name of subtask_id'),
        to_agent_id: IdSchema.optional().describe('older name of assigned_agent_id'),
        agent_id: IdSchema.optional().describe('older name of coordinator_agent_id'),
        agent_token: z.string().optional(),
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: ['coordinator_agent_id', 'agent_id'],
    },
    async (args, call) => {
      const subtask = eitherOf<string>(args, SUBTASK, true);
      if (!subtask.ok) return failure(subtask.error);
      const delegate = eitherOf<string>(args, DELEGATE, false);
      if (!delegate.ok) return failure(delegate.error);
      const coordinator = args.coordinator_agent_id ?? args.agent_id;
      if (coordinator === undefined)
        return failure({
          code: 'invalid_argument',
          message: 'coordinator_agent_id is required',
          field: 'coordinator_agent_id',
        });
      const outcome = await delegateSubtask(
        system,
        call.caller,
        {
          coordinatorAgentId: coordinator,
          subtaskId: subtask.value.value,
          force: args.force,
          ...(delegate.value.value !== undefined ? { assignedAgentId: delegate.value.value } : {}),
          ...(args.subtask_description !== undefined ? { subtaskDescription: args.subtask_description } : {}),
          ...(args.contextual_data !== undefined ? { contextualData: args.contextual_data } : {}),
          ...(args.parent_task_id !== undefined ? { parentTaskId: args.parent_task_id } : {}),
          ...(args.deadline !== undefined ? { deadline: args.deadline } : {}),
          ...(args.required_capabilities !== undefined
            ? { requiredCapabilities: args.required_capabilities }
            : {}),
          ...(args.priority !== undefined ? { priority: args.priority } : {}),
        },
        limits,
      );
      const uses = new Map([
        [SUBTASK.seed, subtask.value.used],
        [DELEGATE.seed, delegate.value.used],
        [COORDINATOR.seed, args.coordinator_agent_id === undefined ? COORDINATOR.old : COORDINATOR.seed],
      ]);
      return resultOf(outcome, one, uses);
    },
  );
  tools.register(
    'update_task_status',
    {
      description:
        'The assignee reports progress (in_progress), a result (completed), a failure (failed) or lets go (pending); the coordinator cancels (cancelled). A task nobody holds cannot be claimed by reporting on it (not_assignee).',
      inputSchema: {
        task_id: IdSchema,
        agent_id: IdSchema,
        agent_token: z.string().optional(),
        status: z.enum(TASK_STATUSES),
        result: z.unknown().optional(),
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await updateTaskStatus(
          system,
          call.caller,
          {
            taskId: args.task_id,
            status: args.status,
            ...(args.result !== undefined ? { result: args.result } : {}),
          },
          limits,
        ),
        one,
      ),
  );
  tools.register(
    'merge_results',
    {
      description:
        "Combine results into one (seed 003): the results given (no identity needed, nothing stored), or — with task_id and a proven agent_id (the task's coordinator, creator or assignee) — the task's completed subtasks' results, kept as its result. strategy: concat (arrays flattened one level), object-merge (later fields win), vote (the most common).",
      inputSchema: {
        results: z.array(z.unknown()).max(limits.subtasks).optional(),
        task_id: IdSchema.optional(),
        strategy: z.enum(MERGE_STRATEGIES).default('concat'),
        agent_token: z.string().optional(),
      },
      outputSchema: {
        strategy: z.enum(MERGE_STRATEGIES),
        count: z.number(),
        result: z.unknown(),
        task: TaskRecordSchema.nullable(),
      },
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await mergeResults(
          system,
          call.caller,
          {
            strategy: args.strategy,
            ...(args.results !== undefined ? { results: args.results } : {}),
            ...(args.task_id !== undefined ? { taskId: args.task_id } : {}),
          },
          limits,
        ),
        (merged) => ({
          strategy: merged.strategy,
          count: merged.count,
          result: merged.result ?? null,
          task: merged.task === null ? null : taskRecordOf(merged.task),
        }),
      ),
  );
  tools.register(
    'get_task',
    {
      description:
        'One task; its result and contextual_data only for its coordinator, creator or assignee (null for anyone else).',
      inputSchema: { task_id: IdSchema, agent_token: z.string().optional() },
      outputSchema: single,
      annotations: READS,
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) => resultOf(await getTask(system, call.caller, { taskId: args.task_id }), one),
  );
  tools.register(
    'list_tasks',
    {
      description:
        'Tasks by status, assignee or parent, a page at a time (next_cursor); results and context only for the tasks the caller (agent_id, proven) coordinates, created or holds.' +
        aliasNote([ASSIGNEE]),
      inputSchema: {
        status: z.enum(TASK_STATUSES).optional(),
        assigned_agent_id: IdSchema.optional(),
        assignee: IdSchema.optional().describe('older name of assigned_agent_id'),
        parent_task_id: IdSchema.optional(),
        agent_token: z.string().optional(),
        ...PagingShape,
      },
      outputSchema: { tasks: z.array(TaskRecordSchema), next_cursor: NextCursorSchema },
      annotations: READS,
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) => {
      const assignee = eitherOf<string>(args, ASSIGNEE, false);
      if (!assignee.ok) return failure(assignee.error);
      const outcome = await listTasks(
        system,
        call.caller,
        {
          ...(args.status !== undefined ? { status: args.status } : {}),
          ...(assignee.value.value !== undefined ? { assignedAgentId: assignee.value.value } : {}),
          ...(args.parent_task_id !== undefined ? { parentTaskId: args.parent_task_id } : {}),
        },
        pageOf(args),
        limits,
      );
      return resultOf(
        outcome,
        pageShape('tasks', taskRecordOf),
        new Map([[ASSIGNEE.seed, assignee.value.used]]),
      );
    },
  );
}
