/**
 * Arguments for the identity sweep, built from a tool's input schema: a field that names an
 * entity gets A's (its agent, session, task, lock, run …: `ENTITY_FIELDS`), a field naming the
 * caller gets B's id when B calls as itself, and any other required field a valid value of its
 * type. A string field whose name says it is an id but that is not mapped here fails the sweep
 * (`unmappedIds`), so a new entity field is aimed at A's data before it ships.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { type JsonSchema, sampleOf } from '../schema-sample.js';
import type { ToolRule } from './rules.js';
import { A, B, type World } from './world.js';

/** How B calls: with no identity, naming A with B's token, or as itself aimed at A's records. */
export type Variant = 'anonymous' | 'impersonating' | 'as-b';

/** Fields that name an agent: A's id, or B's where B calls as itself. */
const AGENT_FIELDS = new Set([
  'agent_id',
  'sender_id',
  'recipient_id',
  'requesting_agent_id',
  'target_agent_id',
  'coordinator_agent_id',
  'coordinator_model_id',
  'assigned_agent_id',
  'to_agent_id',
  'assignee',
  'evaluating_agent_id',
  'evaluator_id',
  'contributing_agent_id',
  'checking_agent_id',
  'creator_id',
  'triggering_agent_id',
  'lead_agent_id',
  'holder',
  'owner_id',
  'member_id',
  'participant_id',
  'target',
]);
const AGENT_LIST_FIELDS = new Set(['agent_ids', 'participant_ids', 'participant_model_ids', 'member_ids']);

/** Fields that name one of A's records. */
function entityFields(world: World): ReadonlyMap<string, unknown> {
  return new Map<string, unknown>([
    ['id', A],
    ['session_id', world.sessionId],
    ['task_id', world.taskId],
    ['subtask_id', world.taskId],
    ['parent_task_id', world.taskId],
    ['project_id', world.projectId],
    ['goal_id', world.goalId],
    ['parent_goal_id', world.goalId],
    ['message_id', world.messageId],
    ['run_id', world.runId],
    ['workflow_id', world.workflow],
    ['step_id', 'check'],
    ['file_path', world.lockPath],
    ['path', world.lockPath],
    ['key', 'plan'],
    ['keys', ['plan']],
    ['event_type', 'deploy'],
    ['event_types', ['deploy']],
    ['task_type', 'review'],
    ['target_kind', 'agent'],
    ['contribution_ref', 'carol-pr-1'],
    ['correlation_id', 'c-1'],
  ]);
}

/** Fields left out though the schema has them: paging, waits, and what only narrows an answer. */
const LEFT_OUT = new Set([
  'cursor',
  'wait_s',
  'wait',
  'since',
  'expected_version',
  'version',
  'attempt',
  'child',
]);

/** Id-like string fields the sweep does not know how to aim: they must be mapped before the sweep runs. */
export function unmappedIds(tools: readonly Tool[], world: World): string[] {
  const known = entityFields(world);
  const unmapped = new Set<string>();
  for (const tool of tools) {
    for (const field of Object.keys((tool.inputSchema.properties ?? {}) as Record<string, unknown>)) {
      const idLike = /(^|_)ids?$/.test(field);
      if (idLike && !AGENT_FIELDS.has(field) && !AGENT_LIST_FIELDS.has(field) && !known.has(field))
        unmapped.add(`${tool.name}.${field}`);
    }
  }
  return [...unmapped];
}

/** The arguments of one sweep call of `tool`. */
export function argumentsFor(
  tool: Tool,
  rule: ToolRule,
  variant: Variant,
  world: World,
  tokenOfB: string,
): Record<string, unknown> {
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(tool.inputSchema.required ?? []);
  const entities = entityFields(world);
  const takesToken = 'agent_token' in properties;
  const callerFields = new Set(rule.as ?? ['agent_id']);
  const args: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(properties)) {
    if (field === 'agent_token' || rule.skip?.includes(field)) continue;
    const asB = variant === 'as-b' && callerFields.has(field);
    if (AGENT_FIELDS.has(field)) args[field] = asB ? B : A;
    else if (AGENT_LIST_FIELDS.has(field)) args[field] = [A];
    else if (entities.has(field)) args[field] = entities.get(field);
    else if (required.has(field) && !LEFT_OUT.has(field)) args[field] = sampleOf(schema, 'x');
  }
  Object.assign(args, rule.with);
  if (takesToken && variant !== 'anonymous') args.agent_token = tokenOfB;
  return args;
}
