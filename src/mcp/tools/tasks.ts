/**
 * The task tools: `create_task`, `decompose_task`, `assign_subtasks`, `delegate_subtask`,
 * `update_task_status`, `merge_results`, `list_tasks` — messages to the `TaskBoard`.
 */
import { z } from 'zod';
import { TASK_STATUSES, type Task, type TaskMsg } from '../../../actors/coordination/tasks.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { TaskRecordSchema, taskRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Priority = z.enum(['low', 'medium', 'high']);
const Status = z.enum(TASK_STATUSES);
const NewTaskSchema = z.object({
  description: z.string().min(1),
  required_capabilities: z.array(z.string()).default([]),
  priority: Priority.default('medium'),
});
const Context = { agent_id: Id.optional(), session_id: Id.optional() };
const single = { task: TaskRecordSchema };
const list = { tasks: z.array(TaskRecordSchema) };
const one = (task: Task) => ({ task: taskRecord(task) });
const many = (tasks: Task[]) => ({ tasks: tasks.map(taskRecord) });

export function registerTaskTools(tools: ToolRegistry, board: ActorRef<TaskMsg>): void {
  const answer = answerer(board);
  const handledBy = board.id;
  tools.register(
    'create_task',
    {
      description: 'Create a task (a subtask when parent_task_id is given).',
      inputSchema: {
        description: z.string().min(1),
        required_capabilities: z.array(z.string()).default([]),
        priority: Priority.default('medium'),
        deadline: z.number().optional(),
        parent_task_id: Id.optional(),
        ...Context,
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
    },
    (args) =>
      answer(
        {
          type: 'create',
          description: args.description,
          requiredCapabilities: args.required_capabilities,
          priority: args.priority,
          deadline: args.deadline,
          parentId: args.parent_task_id,
        },
        one,
      ),
  );
  tools.register(
    'decompose_task',
    {
      description: 'Record the given subtasks as children of a task.',
      inputSchema: { task_id: Id, subtasks: z.array(NewTaskSchema).min(1), ...Context },
      outputSchema: list,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
    },
    (args) =>
      answer(
        {
          type: 'decompose',
          taskId: args.task_id,
          subtasks: args.subtasks.map((s) => ({
            description: s.description,
            requiredCapabilities: s.required_capabilities,
            priority: s.priority,
          })),
        },
        many,
      ),
  );
  tools.register(
    'assign_subtasks',
    {
      description: "Assign a task's pending subtasks: capability match, least loaded available agent first.",
      inputSchema: { task_id: Id, ...Context },
      outputSchema: list,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
    },
    (args) => answer({ type: 'assign-subtasks', taskId: args.task_id }, many),
  );
  tools.register(
    'delegate_subtask',
    {
      description:
        'Assign one task to a named agent, or to the least loaded available agent with its capabilities.',
      inputSchema: { task_id: Id, to_agent_id: Id.optional(), ...Context },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
    },
    (args) => answer({ type: 'delegate', taskId: args.task_id, agentId: args.to_agent_id }, one),
  );
  tools.register(
    'update_task_status',
    {
      description: 'The assignee reports progress or a result.',
      inputSchema: {
        task_id: Id,
        agent_id: Id,
        agent_token: z.string(),
        status: Status,
        result: z.unknown().optional(),
        session_id: Id.optional(),
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'update',
          taskId: args.task_id,
          agentId: args.agent_id,
          token: args.agent_token,
          status: args.status,
          result: args.result,
        },
        one,
      ),
  );
  tools.register(
    'merge_results',
    {
      description: "Merge the completed subtasks' results into the task: concat, object-merge, or vote.",
      inputSchema: {
        task_id: Id,
        strategy: z.enum(['concat', 'object-merge', 'vote']).default('concat'),
        ...Context,
      },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
    },
    (args) => answer({ type: 'merge', taskId: args.task_id, strategy: args.strategy }, one),
  );
  tools.register(
    'list_tasks',
    {
      description: 'List tasks by status, assignee, or parent.',
      inputSchema: { status: Status.optional(), assignee: Id.optional(), parent_task_id: Id.optional() },
      outputSchema: list,
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<Task[]>(
        { type: 'list', status: args.status, assignee: args.assignee, parentId: args.parent_task_id },
        many,
      ),
  );
}
