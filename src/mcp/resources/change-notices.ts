/**
 * What a succeeded tool call changed, in resource terms: whether the list of resources
 * changed (`notifications/resources/list_changed`) and which resources were updated
 * (`notifications/resources/updated`, sent only for subscribed URIs).
 *
 * | tool | list changed | updated |
 * |---|---|---|
 * | `register_agent`, `deregister_agent` | yes (an agent and its inbox) | `troupe://agents` |
 * | `heartbeat`, `update_agent_status` | — | `troupe://agents` |
 * | `create_collaboration_session` | yes | the session |
 * | `join_session`, `leave_session`, `set_session_state` | — | the session |
 * | `create_task`, `decompose_task` | yes | — |
 * | `acknowledge_message` | — | the agent's inbox |
 * | `define_workflow`, `archive_workflow` | yes when a workflow is new | the workflow (by name and by id) |
 *
 * New mail in an inbox, changes of one agent's record and of the live leases are not here:
 * the change watch pushes them, whatever caused them — a `broadcast_system_event`, a
 * heartbeat, an agent turning `unresponsive` or `offline` through silence, a lease expiring. Event subscriptions have no
 * resource, so `subscribe_system_events` and `unsubscribe_system_events` announce nothing.
 * A task's own resource is pushed by the task board through the change watch, re-queueing
 * included. A workflow run's resource is pushed on every step change by the workflow engine
 * through the change watch, whoever changed it.
 */
import type { SucceededToolCall } from '../tool-events.js';
import { FIXED_URIS, uriOf } from './uris.js';

export interface ResourceChange {
  readonly listChanged: boolean;
  readonly updated: readonly string[];
}

const NONE: ResourceChange = { listChanged: false, updated: [] };

/** `value[key].id` when it is a string (the id inside a structured result). */
function idIn(value: Readonly<Record<string, unknown>>, key: string): string[] {
  const inner = value[key];
  if (typeof inner !== 'object' || inner === null) return [];
  const id = (inner as { id?: unknown }).id;
  return typeof id === 'string' ? [id] : [];
}

function _idsIn(value: Readonly<Record<string, unknown>>, key: string): string[] {
  const list = value[key];
  return Array.isArray(list) ? list.flatMap((item: unknown) => idIn({ item }, 'item')) : [];
}

function arg(call: SucceededToolCall, key: string): string[] {
  const value = call.args[key];
  return typeof value === 'string' ? [value] : [];
}

const agentChange = (ids: string[], listChanged: boolean): ResourceChange => ({
  listChanged,
  // One agent's own resource is pushed by the registry through the change watch (any change).
  updated: ids.length > 0 ? [FIXED_URIS.agents] : [],
});
/** A task's own resource is pushed by the task board through the change watch (any change). */
const tasksListed: ResourceChange = { listChanged: true, updated: [] };
const taskChange = (call: SucceededToolCall): ResourceChange => ({
  listChanged: false,
  updated: [...new Set([...idIn(call.result, 'task'), ...arg(call, 'task_id')])].map((id) =>
    uriOf('task', id),
  ),
});
const sessionChange = (ids: string[], listChanged: boolean): ResourceChange => ({
  listChanged,
  updated: ids.map((id) => uriOf('session', id)),
});

/** The workflow a call defined or archived, by name and by id (`result.workflow`). */
const workflowChange = (call: SucceededToolCall, listChanged: boolean): ResourceChange => {
  const workflow = call.result.workflow as { name?: unknown; id?: unknown; version?: unknown } | undefined;
  const names = [workflow?.name, workflow?.id].filter((name): name is string => typeof name === 'string');
  return { listChanged, updated: [...new Set(names)].map((name) => uriOf('workflow', name)) };
};

const CHANGES: Readonly<Record<string, (call: SucceededToolCall) => ResourceChange>> = {
  register_agent: (call) => agentChange(idIn(call.result, 'agent'), true),
  deregister_agent: (call) => agentChange(arg(call, 'agent_id'), true),
  heartbeat: (call) => agentChange(arg(call, 'agent_id'), false),
  update_agent_status: (call) => agentChange(arg(call, 'agent_id'), false),
  create_collaboration_session: (call) => sessionChange(idIn(call.result, 'session'), true),
  join_session: (call) => sessionChange(arg(call, 'session_id'), false),
  leave_session: (call) => sessionChange(arg(call, 'session_id'), false),
  set_session_state: (call) => sessionChange(arg(call, 'session_id'), false),
  create_task: () => tasksListed,
  decompose_task: () => tasksListed,
  // A task changed by a tool call (a re-queue by an absent assignee comes through the change watch).
  delegate_subtask: (call) => taskChange(call),
  update_task_status: (call) => taskChange(call),
  merge_results: (call) => taskChange(call),
  assign_subtasks: () => tasksListed,
  define_workflow: (call) => workflowChange(call, true),
  archive_workflow: (call) => workflowChange(call, false),
  acknowledge_message: (call) => ({
    listChanged: false,
    updated: arg(call, 'agent_id').map((id) => uriOf('inbox', id)),
  }),
};

export function changeOf(call: SucceededToolCall): ResourceChange {
  return CHANGES[call.tool]?.(call) ?? NONE;
}
