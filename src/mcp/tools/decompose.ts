/**
 * `decompose_task(task, available_models)` and `assign_subtasks(subtasks, available_models)`
 * (seed 003) on the rebuilt task domain (`actors/coordination/tasks/api.ts`).
 *
 * decompose_task: the pieces come from the client's model where the client answers sampling
 * requests (`sampling-split.ts`), else from the text's structure (`task-split.ts`), or are
 * given (`subtasks`, troupe's older form); the result says which (`method`). Each piece is
 * matched to an available model. With a proven caller the pieces are recorded as subtasks of
 * `task_id`, or of a new task made from `task`; without one nothing is stored.
 *
 * assign_subtasks: with a proven caller, subtasks named by id (or a `parent_task_id`'s
 * pending ones) are assigned by the facade, and subtask definitions are created and
 * delegated to the model matched (as `delegate_subtask` would: registered, online, able).
 * Without one it answers the plan only (`status: planned`), storing nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import { AgentDirectory, hasCapabilities, isReady } from '../../../actors/coordination/tasks/agent-view.js';
import {
  assignSubtasks,
  decomposeTask,
  delegateSubtask,
  readTask,
} from '../../../actors/coordination/tasks/api.js';
import { PRIORITIES, type TaskRecord } from '../../../actors/coordination/tasks/task-record.js';
import { CapabilitiesSchema } from '../../../actors/coordination/tasks/task-schemas.js';
import { type Outcome, refuse } from '../../kernel/index.js';
import { changes } from '../annotations.js';
import { TaskRecordSchema, taskRecordOf } from '../records/index.js';
import type { ToolCall } from '../tool-call.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure, success } from '../tool-result.js';
import { type Alias, aliasNote, eitherOf, renamed } from './aliases.js';
import { canSample, sampleSplit } from './sampling-split.js';
import { capabilitiesNamed, type ModelInfo, ModelMatcher, splitStructurally } from './task-split.js';

const HANDLED_BY = 'tasks';
const PARENT: Alias = { seed: 'parent_task_id', old: 'task_id' };

/** An available model: its agent id, or what the caller knows of it (capabilities read from the registry when left out). */
const ModelSchema = z.union([
  IdSchema,
  z.object({ id: IdSchema, capabilities: CapabilitiesSchema.optional() }).loose(),
]);
type ModelInput = z.output<typeof ModelSchema>;

const DefinitionSchema = z.object({
  subtask_id: IdSchema.optional(),
  description: z.string().min(1),
  required_capabilities: CapabilitiesSchema.default([]),
  priority: z.enum(PRIORITIES).default('medium'),
  assigned_model_id: IdSchema.nullable().optional(),
});

const SubtaskDefinitionRecord = z.object({
  subtask_id: z.string(),
  description: z.string(),
  required_capabilities: z.array(z.string()),
  priority: z.enum(PRIORITIES),
  assigned_model_id: z.string().nullable(),
});
type SubtaskDefinition = z.infer<typeof SubtaskDefinitionRecord>;

const AssignmentRecord = z.object({
  subtask_id: z.string(),
  assigned_agent_id: z.string().nullable(),
  status: z.enum(['assigned', 'planned', 'unassigned']),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  task: TaskRecordSchema.nullable(),
});
type Assignment = z.infer<typeof AssignmentRecord>;

/** The models named, with their capabilities (given, or as registered; none for an unknown id). */
function modelsOf(domain: AgentsDomain, given: readonly ModelInput[]): ModelInfo[] {
  const agents = new AgentDirectory(domain.system);
  return given.map((model) => {
    const id = typeof model === 'string' ? model : model.id;
    const capabilities =
      typeof model === 'string' || model.capabilities === undefined
        ? (agents.get(id)?.capabilities ?? [])
        : model.capabilities;
    return { id, capabilities };
  });
}

export function registerDecomposeTools(tools: ToolRegistry, domain: AgentsDomain, server: Server): void {
  const { system, limits } = domain;
  const Text = z.string().min(1).max(limits.textChars);
  const Models = z.array(ModelSchema).max(limits.pageSize);
  tools.register(
    'decompose_task',
    {
      description:
        "Break a task into subtask definitions (seed 003), each matched to one of available_models (agent ids, or { id, capabilities } objects). method says how: 'sampling' (the connected client's model was asked: where the client supports MCP sampling), 'structural' (numbered or bulleted items, else sentences; also the fallback when the model's answer is unusable, with fallback_reason), or 'given' (subtasks passed in). With agent_id (a proven agent) the subtasks are recorded as tasks under task_id, or under a new task made from task; without it nothing is stored.",
      inputSchema: {
        task: Text.optional().describe('the high-level task description (or task_id)'),
        available_models: Models.default([]),
        task_id: IdSchema.optional().describe(
          'an existing task to decompose (its description, unless task is given)',
        ),
        subtasks: z
          .array(DefinitionSchema.omit({ assigned_model_id: true, subtask_id: true }))
          .min(1)
          .max(limits.subtasks)
          .optional()
          .describe('the subtasks to record, instead of splitting (troupe’s older form)'),
        agent_token: z.string().optional(),
      },
      outputSchema: {
        method: z.enum(['sampling', 'structural', 'given']),
        fallback_reason: z.string().nullable(),
        subtasks: z.array(SubtaskDefinitionRecord),
        parent_task_id: z.string().nullable(),
        tasks: z.array(TaskRecordSchema),
      },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) => {
      let text = args.task;
      if (text === undefined) {
        if (args.task_id === undefined)
          return failure(refuse('invalid_argument', 'task is required (or task_id)', 'task').error);
        const existing = readTask(system, args.task_id);
        if (!existing) return failure(refuse('not_found', `no task "${args.task_id}"`, 'task_id').error);
        text = existing.description;
      }
      const models = modelsOf(domain, args.available_models);
      const matcher = new ModelMatcher(models);
      let method: 'sampling' | 'structural' | 'given' = 'structural';
      let fallback: string | null = null;
      let pieces: {
        description: string;
        requiredCapabilities: readonly string[];
        model: string | null;
        priority: (typeof PRIORITIES)[number];
      }[];
      if (args.subtasks !== undefined) {
        method = 'given';
        pieces = args.subtasks.map((s) => ({
          description: s.description,
          requiredCapabilities: s.required_capabilities,
          priority: s.priority,
          model: matcher.match(s.required_capabilities),
        }));
      } else {
        const sampled = canSample(server) ? await sampleSplit(server, text, models, call.signal) : null;
        if (sampled?.ok) {
          method = 'sampling';
          pieces = sampled.pieces.map((p) => ({
            description: p.description,
            requiredCapabilities: p.requiredCapabilities,
            priority: 'medium',
            model: p.assignedModelId ?? matcher.match(p.requiredCapabilities),
          }));
        } else {
          fallback = sampled === null ? null : sampled.why;
          pieces = splitStructurally(text).map((description) => {
            const needs = capabilitiesNamed(description, models);
            return {
              description,
              requiredCapabilities: needs,
              priority: 'medium',
              model: matcher.match(needs),
            };
          });
        }
      }
      if (pieces.length === 0)
        return failure(refuse('invalid_argument', 'task has nothing to split', 'task').error);
      const definitions: SubtaskDefinition[] = pieces.map((piece) => ({
        subtask_id: `task-${randomUUID()}`,
        description: piece.description.slice(0, limits.textChars),
        required_capabilities: [...piece.requiredCapabilities],
        priority: piece.priority,
        assigned_model_id: piece.model,
      }));
      const answer = (parent: string | null, tasks: readonly TaskRecord[]) =>
        success({
          method,
          fallback_reason: fallback,
          subtasks: definitions,
          parent_task_id: parent,
          tasks: tasks.map(taskRecordOf),
        });
      if (call.caller.kind === 'anonymous') return answer(null, []);
      const recorded = await decomposeTask(
        system,
        call.caller,
        {
          ...(args.task_id !== undefined ? { taskId: args.task_id } : { task: text }),
          subtasks: definitions.map((d) => ({
            id: d.subtask_id,
            description: d.description,
            requiredCapabilities: d.required_capabilities,
            priority: d.priority,
          })),
        },
        limits,
      );
      if (!recorded.ok) return failure(recorded.error);
      return answer(recorded.value.parent.id, recorded.value.subtasks);
    },
  );
  tools.register(
    'assign_subtasks',
    {
      description:
        "Assign subtasks to suitable agents (seed 003): subtasks are task ids or definitions ({ subtask_id?, description, required_capabilities?, priority?, assigned_model_id? }, as decompose_task gives them); available_models (agent ids or { id, capabilities }) limits the choice (default: every registered agent that is available or idle). Each goes to the least loaded able agent. With agent_id (a proven agent, who then coordinates them) ids are assigned and definitions created and delegated; without it the plan is answered (status planned) and nothing is stored. parent_task_id assigns a task's pending subtasks." +
        aliasNote([PARENT]),
      inputSchema: {
        subtasks: z
          .array(z.union([IdSchema, DefinitionSchema]))
          .min(1)
          .max(limits.subtasks)
          .optional(),
        available_models: Models.optional(),
        parent_task_id: IdSchema.optional(),
        task_id: IdSchema.optional().describe('older name of parent_task_id'),
        agent_token: z.string().optional(),
      },
      outputSchema: { assignments: z.array(AssignmentRecord), stored: z.boolean() },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) => {
      const parent = eitherOf<string>(args, PARENT, false);
      if (!parent.ok) return failure(parent.error);
      const parentId = parent.value.value;
      if ((parentId === undefined) === (args.subtasks === undefined))
        return failure(
          refuse(
            'invalid_argument',
            'give the subtasks, or the parent_task_id whose pending subtasks to assign',
            'subtasks',
          ).error,
        );
      const models = args.available_models === undefined ? null : modelsOf(domain, args.available_models);
      const stored = call.caller.kind !== 'anonymous';
      const uses = new Map([[PARENT.seed, parent.value.used]]);
      const assignments: Assignment[] = [];
      if (!stored) {
        const items =
          parentId === undefined
            ? (args.subtasks ?? [])
            : [...(readTask(system, parentId)?.subtaskIds ?? [])];
        if (parentId !== undefined && !readTask(system, parentId))
          return refused(renamed(refuse('not_found', `no task "${parentId}"`, 'parent_task_id'), uses));
        assignments.push(...plan(domain, items, models));
        return success({ assignments, stored });
      }
      const ids = (args.subtasks ?? []).filter((item): item is string => typeof item === 'string');
      if (parentId !== undefined || ids.length > 0) {
        const assigned = await assignSubtasks(
          system,
          call.caller,
          {
            ...(parentId !== undefined ? { parentTaskId: parentId } : { subtaskIds: ids }),
            ...(models !== null ? { availableModels: models.map((m) => m.id) } : {}),
          },
          limits,
        );
        if (!assigned.ok) return refused(renamed(assigned, uses));
        for (const task of assigned.value.assigned)
          assignments.push({
            subtask_id: task.id,
            assigned_agent_id: task.assignedAgentId,
            status: 'assigned',
            reason: null,
            task: taskRecordOf(task),
          });
        for (const left of assigned.value.unassigned)
          assignments.push({
            subtask_id: left.taskId,
            assigned_agent_id: null,
            status: 'unassigned',
            reason: { code: left.reason.code, message: left.reason.message },
            task: null,
          });
      }
      const definitions = (args.subtasks ?? []).filter((item) => typeof item !== 'string');
      const planned = plan(domain, definitions, models);
      for (const [i, definition] of definitions.entries())
        assignments.push(await delegated(domain, call, planned[i] as Assignment, definition));
      return success({ assignments, stored });
    },
  );
}

type Item = string | z.output<typeof DefinitionSchema>;

/** The error result of a refused outcome: its refusal (the outcome itself carries no code: it would answer `internal`). */
function refused(outcome: Outcome<unknown>): CallToolResult {
  if (outcome.ok) throw new Error('assign_subtasks: a refusal was expected');
  return failure(outcome.error);
}

/** Which agent each subtask would go to: the least loaded able one among the models (or the ready registered agents). */
function plan(
  domain: AgentsDomain,
  items: readonly Item[],
  models: readonly ModelInfo[] | null,
): Assignment[] {
  const agents = new AgentDirectory(domain.system);
  const matcher = models === null ? null : new ModelMatcher(models);
  return items.map((item) => {
    const known = typeof item === 'string' ? readTask(domain.system, item) : undefined;
    const subtaskId = typeof item === 'string' ? item : (item.subtask_id ?? `task-${randomUUID()}`);
    const unassigned = (code: string, message: string): Assignment => ({
      subtask_id: subtaskId,
      assigned_agent_id: null,
      status: 'unassigned',
      reason: { code, message },
      task: null,
    });
    if (typeof item === 'string' && !known) return unassigned('not_found', `no task "${item}"`);
    const needs = known
      ? known.requiredCapabilities
      : typeof item === 'string'
        ? []
        : item.required_capabilities;
    const suggested = typeof item === 'string' ? null : (item.assigned_model_id ?? null);
    let chosen: string | null = null;
    if (suggested !== null && (models === null || models.some((m) => m.id === suggested))) chosen = suggested;
    else if (matcher) chosen = matcher.match(needs);
    else {
      const agent = agents.leastLoaded(
        agents.withCapabilities(needs).filter((a) => isReady(a) && hasCapabilities(a, needs)),
      );
      if (agent) {
        agents.addLoad(agent.id);
        chosen = agent.id;
      }
    }
    if (chosen === null)
      return unassigned('no_agent', `no available agent has ${needs.join(', ') || 'the capabilities'}`);
    return { subtask_id: subtaskId, assigned_agent_id: chosen, status: 'planned', reason: null, task: null };
  });
}

/** A planned definition created and delegated as the caller (its coordinator). */
async function delegated(
  domain: AgentsDomain,
  call: ToolCall,
  planned: Assignment,
  definition: z.output<typeof DefinitionSchema>,
): Promise<Assignment> {
  if (planned.assigned_agent_id === null) return planned;
  const outcome: Outcome<TaskRecord> = await delegateSubtask(
    domain.system,
    call.caller,
    {
      coordinatorAgentId: call.actingAs ?? '',
      assignedAgentId: planned.assigned_agent_id,
      subtaskId: planned.subtask_id,
      subtaskDescription: definition.description,
      requiredCapabilities: definition.required_capabilities,
      priority: definition.priority,
    },
    domain.limits,
  );
  return outcome.ok
    ? { ...planned, status: 'assigned', task: taskRecordOf(outcome.value) }
    : {
        ...planned,
        assigned_agent_id: null,
        status: 'unassigned',
        reason: { code: outcome.error.code, message: outcome.error.message },
      };
}
