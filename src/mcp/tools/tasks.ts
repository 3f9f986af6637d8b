/**
 * The task tools: `create_task`, `decompose_task`, `assign_subtasks`, `delegate_subtask`,
 * `update_task_status`, `merge_results`, `list_tasks` — messages to the `TaskBoard`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { TASK_STATUSES, type Task, type TaskMsg } from '../../../actors/coordination/tasks.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { answerer, OrchestrationSchema, orchestration } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Priority = z.enum(['low', 'medium', 'high']);
const Status = z.enum(TASK_STATUSES);
const TaskSchema = z.object({
  id: z.string(),
  description: z.string(),
  requiredCapabilities: z.array(z.string()),
  priority: Priority,
  deadline: z.number().nullable(),
  parentId: z.string().nullable(),
  childIds: z.array(z.string()),
  status: Status,
  assignee: z.string().nullable(),
  result: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
const NewTaskSchema = z.object({
  description: z.string().min(1),
  required_capabilities: z.array(z.string()).default([]),
  priority: Priority.default('medium'),
});
const Context = { agent_id: Id.optional(), session_id: Id.optional() };

export function registerTaskTools(server: McpServer, board: ActorRef<TaskMsg>): void {
  const answer = answerer(board);
  const by = board.id;
  const one = (args: { agent_id?: string; session_id?: string }) => (task: Task) => ({
    task,
    orchestration: orchestration(by, args),
  });
  const many = (args: { agent_id?: string; session_id?: string }) => (tasks: Task[]) => ({
    tasks,
    orchestration: orchestration(by, args),
  });
  const single = { task: TaskSchema, orchestration: OrchestrationSchema };
  const list = { tasks: z.array(TaskSchema), orchestration: OrchestrationSchema };
  server.registerTool(
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
        one(args),
      ),
  );
  server.registerTool(
    'decompose_task',
    {
      description: 'Record the given subtasks as children of a task.',
      inputSchema: { task_id: Id, subtasks: z.array(NewTaskSchema).min(1), ...Context },
      outputSchema: list,
      annotations: changes({ destructive: false, idempotent: false }),
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
        many(args),
      ),
  );
  server.registerTool(
    'assign_subtasks',
    {
      description: "Assign a task's pending subtasks: capability match, least loaded available agent first.",
      inputSchema: { task_id: Id, ...Context },
      outputSchema: list,
      annotations: changes({ destructive: false, idempotent: true }),
    },
    (args) => answer({ type: 'assign-subtasks', taskId: args.task_id }, many(args)),
  );
  server.registerTool(
    'delegate_subtask',
    {
      description:
        'Assign one task to a named agent, or to the least loaded available agent with its capabilities.',
      inputSchema: { task_id: Id, to_agent_id: Id.optional(), ...Context },
      outputSchema: single,
      annotations: changes({ destructive: false, idempotent: false }),
    },
    (args) => answer({ type: 'delegate', taskId: args.task_id, agentId: args.to_agent_id }, one(args)),
  );
  server.registerTool(
    'update_task_status',
    {
      description: 'The assignee reports progress or a result (with its agent_token).',
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
        one(args),
      ),
  );
  server.registerTool(
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
    },
    (args) => answer({ type: 'merge', taskId: args.task_id, strategy: args.strategy }, one(args)),
  );
  server.registerTool(
    'list_tasks',
    {
      description: 'List tasks by status, assignee, or parent.',
      inputSchema: { status: Status.optional(), assignee: Id.optional(), parent_task_id: Id.optional() },
      outputSchema: { tasks: z.array(TaskSchema) },
      annotations: READS,
    },
    (args) =>
      answer<Task[]>(
        { type: 'list', status: args.status, assignee: args.assignee, parentId: args.parent_task_id },
        (tasks) => ({
          tasks,
        }),
      ),
  );
}
