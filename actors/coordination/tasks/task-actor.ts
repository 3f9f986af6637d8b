/**
 * `TaskActor` (`task:<id>`): one task — its record, its subtask ids, who holds it — and the
 * task tables it writes in the same turn (task-indexes.ts). The facade (api.ts) spawns it,
 * checks what the tables can tell (is the delegate registered, online, able?) and asks it;
 * the actor checks what only it knows: who coordinates the task, who holds it, its status.
 * Every answer is an `Outcome`; a bad request never fails the actor.
 *
 * It is spawned blank (no args) and made by `create` or `delegate`, or by `restore` from a
 * migrated record. An agent actor tells it `assignee-gone`: an open task of that agent
 * returns to pending.
 */

import type { ActorContext } from '../../../src/kernel/index.js';
import { defineActor, type Outcome, type ReceiveResult, refuse, reply } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { AssigneeGone } from './assignee-gone.js';
import { writeTaskIndexes } from './task-indexes.js';
import {
  checkStatusChange,
  coordinates,
  createTaskRecord,
  isFinal,
  isOpen,
  mayDecompose,
  type NewTask,
  type TaskRecord,
  type TaskStatus,
  withStatus,
} from './task-record.js';

export type TaskMsg =
  | {
      readonly type: 'create';
      readonly caller: Caller;
      readonly spec: NewTask;
      readonly parentTaskId: string | null;
    }
  /** Make room for subtasks (the facade creates them next): capped, by who may decompose it. */
  | {
      readonly type: 'reserve-subtasks';
      readonly caller: Caller;
      readonly subtaskIds: readonly string[];
      readonly max: number;
    }
  /** Give the task to `agentId` (creating it from `create` if it does not exist yet). */
  | {
      readonly type: 'delegate';
      readonly caller: Caller;
      /** Who coordinates the task if this creates it (or takes a task nobody coordinates): the proven caller. */
      readonly coordinatorId: string | null;
      readonly agentId: string;
      readonly create: NewTask | null;
      readonly parentTaskId: string | null;
      readonly deadline?: number;
      readonly contextualData?: unknown;
    }
  /** Give a pending task to `agentId` (an automatic pick: refused unless it is still pending). */
  | { readonly type: 'assign'; readonly caller: Caller; readonly agentId: string }
  | {
      readonly type: 'update-status';
      readonly caller: Caller;
      readonly status: TaskStatus;
      /** Present when the caller reports a result (which may be `null`). */
      readonly result?: { readonly value: unknown };
    }
  /** Keep the merged results of its subtasks as its result. */
  | { readonly type: 'record-merge'; readonly caller: Caller; readonly result: unknown }
  /** A migrated record (answered `true` when it was written, `false` when the task existed). */
  | { readonly type: 'restore'; readonly record: TaskRecord }
  | AssigneeGone;

export interface TaskState {
  readonly record: TaskRecord | null;
}

const PREFIX = 'task:';

type Ctx = ActorContext<TaskMsg>;

function notFound(ctx: Ctx): Outcome<never> {
  return refuse('not_found', `no task "${ctx.self.id.slice(PREFIX.length)}"`, 'task_id');
}

/** Save `after`, write its tables, and answer it. */
function save(state: TaskState, after: TaskRecord, ctx: Ctx): ReceiveResult<TaskState> {
  writeTaskIndexes(ctx, state.record, after);
  return reply({ ok: true, value: after } satisfies Outcome<TaskRecord>, { record: after });
}

function assign(task: TaskRecord, agentId: string, now: number): TaskRecord {
  const keepsProgress = task.assignedAgentId === agentId && task.status === 'in_progress';
  return {
    ...task,
    assignedAgentId: agentId,
    status: keepsProgress ? 'in_progress' : 'assigned',
    updatedAt: now,
  };
}

function delegate(
  state: TaskState,
  msg: Extract<TaskMsg, { type: 'delegate' }>,
  ctx: Ctx,
): ReceiveResult<TaskState> {
  const now = ctx.now();
  const creator = msg.coordinatorId;
  let task = state.record;
  if (!task) {
    if (!msg.create) return reply(notFound(ctx), state);
    task = createTaskRecord(ctx.self.id.slice(PREFIX.length), msg.create, msg.parentTaskId, creator, now);
  } else if (task.coordinatorId === null && task.createdBy === null && creator !== null) {
    // A task nobody coordinates (made by the operator, or before identities): the first delegator takes it.
    task = { ...task, coordinatorId: creator };
  } else if (!coordinates(task, msg.caller)) {
    const who = task.coordinatorId ?? task.createdBy ?? 'the operator';
    return reply(
      refuse('forbidden', `only "${who}" may delegate task "${task.id}"`, 'coordinator_agent_id'),
      state,
    );
  }
  if (isFinal(task.status))
    return reply(
      refuse('closed', `task "${task.id}" is ${task.status}: it is not delegated again`, 'subtask_id'),
      state,
    );
  const updated: TaskRecord = {
    ...assign(task, msg.agentId, now),
    ...(msg.deadline !== undefined ? { deadline: msg.deadline } : {}),
    ...(msg.contextualData !== undefined ? { contextualData: msg.contextualData } : {}),
  };
  return save(state, updated, ctx);
}

function handle(state: TaskState, msg: TaskMsg, ctx: Ctx): ReceiveResult<TaskState> {
  const now = ctx.now();
  const task = state.record;
  switch (msg.type) {
    case 'create': {
      if (task) return reply(refuse('already_exists', `task "${task.id}" exists`, 'task_id'), state);
      const creator = msg.caller.kind === 'agent' ? msg.caller.agentId : null;
      const id = ctx.self.id.slice(PREFIX.length);
      return save(state, createTaskRecord(id, msg.spec, msg.parentTaskId, creator, now), ctx);
    }
    case 'restore': {
      if (task) return reply(false, state);
      writeTaskIndexes(ctx, null, msg.record);
      return reply(true, { record: msg.record });
    }
    case 'delegate':
      return delegate(state, msg, ctx);
    case 'assignee-gone': {
      if (!task || task.assignedAgentId !== msg.agentId || !isOpen(task.status)) return state;
      const released = withStatus(task, 'pending', now);
      writeTaskIndexes(ctx, task, released);
      if (msg.watch) ctx.tell(msg.watch, { type: 'task-changed', taskId: task.id });
      return { record: released };
    }
    default:
      break;
  }
  if (!task) return reply(notFound(ctx), state);
  switch (msg.type) {
    case 'reserve-subtasks': {
      if (!mayDecompose(task, msg.caller))
        return reply(
          refuse(
            'forbidden',
            `only the coordinator or assignee of task "${task.id}" may add subtasks`,
            'parent_task_id',
          ),
          state,
        );
      if (isFinal(task.status))
        return reply(
          refuse('closed', `task "${task.id}" is ${task.status}: it takes no subtasks`, 'parent_task_id'),
          state,
        );
      const known = new Set(task.subtaskIds);
      const added = msg.subtaskIds.filter((id) => !known.has(id));
      if (task.subtaskIds.length + added.length > msg.max)
        return reply(
          refuse(
            'limit_exceeded',
            `task "${task.id}" may have at most ${msg.max} subtasks (it has ${task.subtaskIds.length})`,
            'subtasks',
          ),
          state,
        );
      return save(state, { ...task, subtaskIds: [...task.subtaskIds, ...added], updatedAt: now }, ctx);
    }
    case 'assign': {
      if (!coordinates(task, msg.caller))
        return reply(
          refuse('forbidden', `only the coordinator of task "${task.id}" may assign it`, 'subtasks'),
          state,
        );
      if (task.status !== 'pending')
        return reply(
          refuse('invalid_transition', `task "${task.id}" is ${task.status}, not pending`, 'subtasks'),
          state,
        );
      return save(state, assign(task, msg.agentId, now), ctx);
    }
    case 'update-status': {
      const checked = checkStatusChange(task, msg.caller, msg.status);
      if (!checked.ok) return reply(checked, state);
      return save(state, withStatus(task, checked.value, now, msg.result), ctx);
    }
    case 'record-merge': {
      if (!mayDecompose(task, msg.caller))
        return reply(
          refuse(
            'forbidden',
            `only the coordinator or assignee of task "${task.id}" may merge its results`,
            'task_id',
          ),
          state,
        );
      return save(state, { ...task, result: msg.result, updatedAt: now }, ctx);
    }
  }
}

export const TaskActor = defineActor<TaskMsg, TaskState>({
  module: import.meta.url,
  name: 'TaskActor',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => ({ record: null }),
  receive: handle,
});
