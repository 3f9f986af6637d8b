/**
 * The inputs of the task facade as zod schemas (strict: an unknown field is refused naming
 * it), built for the limits in force, and the names clients know the fields by (seed 003:
 * `subtask_id`, `assigned_agent_id`, `available_models`, …). Times are epoch ms, or ISO-8601
 * text turned into epoch ms.
 */
import { z } from 'zod';
import { IdSchema } from '../ids.js';
import { type CoordinationLimits, DEFAULT_PAGE } from '../limits.js';
import { perLimits } from './facade-input.js';
import { MERGE_STRATEGIES } from './merge-results.js';
import { PRIORITIES, TASK_STATUSES } from './task-record.js';

/** Capabilities one task may require. */
export const MAX_CAPABILITIES = 64;

export const CapabilitySchema = z.string().min(1).max(128);
export const CapabilitiesSchema = z.array(CapabilitySchema).max(MAX_CAPABILITIES);

/** A time: epoch ms, or ISO-8601 text. */
export const InstantSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .max(64)
    .refine((text) => !Number.isNaN(Date.parse(text)), 'must be an ISO-8601 time or epoch milliseconds')
    .transform((text) => Date.parse(text)),
]);

function build(limits: CoordinationLimits) {
  const Text = z.string().min(1).max(limits.textChars);
  const subtask = z
    .object({
      id: IdSchema.optional(),
      description: Text,
      requiredCapabilities: CapabilitiesSchema.default([]),
      priority: z.enum(PRIORITIES).default('medium'),
      deadline: InstantSchema.optional(),
    })
    .strict();
  return {
    create: z
      .object({
        id: IdSchema.optional(),
        description: Text,
        parentTaskId: IdSchema.optional(),
        workflowId: IdSchema.optional(),
        requiredCapabilities: CapabilitiesSchema.default([]),
        priority: z.enum(PRIORITIES).default('medium'),
        deadline: InstantSchema.optional(),
        contextualData: z.unknown().optional(),
      })
      .strict(),
    decompose: z
      .object({
        taskId: IdSchema.optional(),
        task: Text.optional(),
        subtasks: z.array(subtask).min(1).max(limits.subtasks),
      })
      .strict()
      .refine((input) => (input.taskId === undefined) !== (input.task === undefined), {
        message: 'must name the task to decompose: its task_id, or a task description to create it from',
        path: ['task'],
      }),
    assign: z
      .object({
        parentTaskId: IdSchema.optional(),
        subtaskIds: z.array(IdSchema).min(1).max(limits.subtasks).optional(),
        availableModels: z.array(IdSchema).min(1).max(limits.pageSize).optional(),
      })
      .strict()
      .refine((input) => (input.parentTaskId === undefined) !== (input.subtaskIds === undefined), {
        message: 'must name the subtasks: their ids, or the parent_task_id whose pending subtasks to assign',
        path: ['subtasks'],
      }),
    delegate: z
      .object({
        coordinatorAgentId: IdSchema,
        assignedAgentId: IdSchema.optional(),
        subtaskId: IdSchema,
        subtaskDescription: Text.optional(),
        contextualData: z.unknown().optional(),
        parentTaskId: IdSchema.optional(),
        /** The workflow (run) the task belongs to, for a task made new. */
        workflowId: IdSchema.optional(),
        deadline: InstantSchema.optional(),
        requiredCapabilities: CapabilitiesSchema.optional(),
        priority: z.enum(PRIORITIES).optional(),
        force: z.boolean().default(false),
      })
      .strict(),
    update: z
      .object({
        taskId: IdSchema,
        status: z.enum(TASK_STATUSES),
        result: z.unknown().optional(),
      })
      .strict(),
    merge: z
      .object({
        results: z.array(z.unknown()).max(limits.subtasks).optional(),
        taskId: IdSchema.optional(),
        strategy: z.enum(MERGE_STRATEGIES).default('concat'),
      })
      .strict()
      .refine((input) => (input.results === undefined) !== (input.taskId === undefined), {
        message: 'must give the results to merge, or the task_id whose completed subtasks to merge',
        path: ['results'],
      }),
    get: z.object({ taskId: IdSchema }).strict(),
    filter: z
      .object({
        status: z.enum(TASK_STATUSES).optional(),
        assignedAgentId: IdSchema.optional(),
        parentTaskId: IdSchema.optional(),
      })
      .strict(),
  };
}

export type TaskSchemas = ReturnType<typeof build>;

export const taskSchemas: (limits: CoordinationLimits) => TaskSchemas = perLimits(build);

/** The page a list asks for: a cursor, and how many items (up to `limits.pageSize`). */
export const pageSchema = perLimits((limits) =>
  z
    .object({
      cursor: z.string().max(4096).optional(),
      limit: z.number().int().min(1).max(limits.pageSize).default(Math.min(DEFAULT_PAGE, limits.pageSize)),
    })
    .strict(),
);
