/**
 * `TaskBoard`: tasks and their decomposition. A task can be split into subtasks, each
 * assigned to an agent — named, or chosen by capability match among available agents,
 * least loaded first — and the children's results merged into the parent (concatenated,
 * merged as objects, or by vote). An open task whose assignee goes offline or is deregistered
 * is re-queued (pending, unassigned) — at once, as the registry tells the board of status
 * changes, and checked again at every request. Observers hear of every task that changed.
 * Domain errors are typed answers.
 */
import { randomUUID } from 'node:crypto';
import {
  type ActorContext,
  type ActorRef,
  defineActor,
  type Outcome,
  refuse,
  reply,
} from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import type { AgentChanged, TaskChanged } from './change-events.js';
import { presentAgents } from './presence.js';
import type { RegistryMsg } from './registry.js';

export const TASK_STATUSES = [
  'pending',
  'assigned',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Priority = 'low' | 'medium' | 'high';
export type MergeStrategy = 'concat' | 'object-merge' | 'vote';

export interface Task {
  readonly id: string;
  readonly description: string;
  readonly requiredCapabilities: readonly string[];
  readonly priority: Priority;
  readonly deadline: number | null;
  readonly parentId: string | null;
  readonly childIds: readonly string[];
  readonly status: TaskStatus;
  readonly assignee: string | null;
  readonly result: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewTask {
  readonly description: string;
  readonly requiredCapabilities: readonly string[];
  readonly priority: Priority;
  readonly deadline?: number;
}

export type TaskMsg =
  | ({ readonly type: 'create'; readonly parentId?: string } & NewTask)
  | { readonly type: 'decompose'; readonly taskId: string; readonly subtasks: readonly NewTask[] }
  | { readonly type: 'assign-subtasks'; readonly taskId: string }
  | { readonly type: 'delegate'; readonly taskId: string; readonly agentId?: string }
  | {
      readonly type: 'update';
      readonly taskId: string;
      readonly agentId: string;
      readonly token: string;
      readonly status: TaskStatus;
      readonly result?: unknown;
    }
  | { readonly type: 'merge'; readonly taskId: string; readonly strategy: MergeStrategy }
  | { readonly type: 'get'; readonly taskId: string }
  | {
      readonly type: 'list';
      readonly status?: TaskStatus;
      readonly assignee?: string;
      readonly parentId?: string;
    }
  /** From the registry: an agent came, went or changed status (its open tasks may go back to pending). */
  | AgentChanged
  /** Who to tell when a task changes (the change watch): replaces the previous list. */
  | { readonly type: 'observe'; readonly observers: readonly ActorRef<TaskChanged>[] };

interface Board {
  readonly registry: ActorRef<RegistryMsg>;
  readonly tasks: Readonly<Record<string, Task>>;
  readonly observers: readonly ActorRef<TaskChanged>[];
}

/** Tell the observers of every task that changed between `before` and `after`; `after` is returned. */
function news(before: Board, after: Board, ctx: ActorContext<TaskMsg>): Board {
  if (after.tasks === before.tasks) return after;
  for (const [id, task] of Object.entries(after.tasks)) {
    if (before.tasks[id] === task) continue;
    for (const observer of after.observers) ctx.tell(observer, { type: 'task-changed', taskId: id });
  }
  return after;
}

const OPEN: ReadonlySet<TaskStatus> = new Set(['assigned', 'in_progress']);

function newTask(spec: NewTask, parentId: string | null, now: number): Task {
  return {
    id: `task-${randomUUID()}`,
    description: spec.description,
    requiredCapabilities: [...spec.requiredCapabilities],
    priority: spec.priority,
    deadline: spec.deadline ?? null,
    parentId,
    childIds: [],
    status: 'pending',
    assignee: null,
    result: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Merge the children's results: concatenated in order, merged as objects, or the most common one. */
export function mergeResults(results: readonly unknown[], strategy: MergeStrategy): unknown {
  switch (strategy) {
    case 'concat':
      return results.flatMap((r) => (Array.isArray(r) ? r : [r]));
    case 'object-merge':
      return Object.assign({}, ...results.filter((r) => typeof r === 'object' && r !== null));
    case 'vote': {
      const counts = new Map<string, { value: unknown; n: number }>();
      for (const r of results) {
        const key = JSON.stringify(r);
        counts.set(key, { value: r, n: (counts.get(key)?.n ?? 0) + 1 });
      }
      return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.value ?? null;
    }
  }
}

export const TaskBoard = defineActor<TaskMsg, Board, { readonly registry: ActorRef<RegistryMsg> }>({
  module: import.meta.url,
  name: 'TaskBoard',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  // Version 2 added the observers.
  version: 2,
  migrate: (state, fromVersion) =>
    fromVersion === 1 ? { ...(state as Board), observers: [] } : (state as Board),
  init: ({ registry }) => ({ registry, tasks: {}, observers: [] }),
  receive: async (given, msg, ctx) => {
    const now = Date.now();
    /** The board as changed so far in this turn (picks count the assignments just made). */
    let board = given;
    const put = (b: Board, ...changed: Task[]): Board => ({
      ...b,
      tasks: { ...b.tasks, ...Object.fromEntries(changed.map((t) => [t.id, t])) },
    });
    // An open task whose assignee went offline or was deregistered goes back to pending.
    const open = Object.values(board.tasks).filter((t) => t.assignee !== null && OPEN.has(t.status));
    if (open.length > 0) {
      const present = await presentAgents(board.registry, ctx);
      const orphans = open.filter((t) => t.assignee !== null && !present.has(t.assignee));
      const requeued = orphans.map(
        (t): Task => ({ ...t, status: 'pending', assignee: null, updatedAt: now }),
      );
      if (requeued.length > 0) board = put(board, ...requeued);
    }
    if (msg.type === 'agent-changed') return news(given, board, ctx);
    if (msg.type === 'observe')
      return reply({ ok: true, value: null }, { ...board, observers: msg.observers });
    /** The answer, with the observers told of the tasks this turn changed. */
    const answer = (value: unknown, next: Board) => reply(value, news(given, next, ctx));
    /** Least loaded available agent with the capabilities (or the named one). */
    const pick = async (task: Task, named?: string): Promise<Outcome<Agent>> => {
      const found = await ctx.ask<Outcome<Agent[]>>(board.registry, {
        type: 'find',
        filter: named ? {} : { capabilities: task.requiredCapabilities, statuses: ['available', 'idle'] },
      });
      const agents = found.ok ? found.value.filter((a) => !named || a.id === named) : [];
      const load = (id: string) =>
        Object.values(board.tasks).filter((t) => t.assignee === id && OPEN.has(t.status)).length;
      const chosen = agents.sort((a, b) => load(a.id) - load(b.id) || a.id.localeCompare(b.id))[0];
      return chosen
        ? { ok: true, value: chosen }
        : refuse(
            'no_agent',
            named
              ? `no agent "${named}"`
              : `no available agent has ${task.requiredCapabilities.join(', ') || 'the capabilities'}`,
            named ? 'agent_id' : 'required_capabilities',
          );
    };
    const assign = (task: Task, agent: Agent): Task => ({
      ...task,
      assignee: agent.id,
      status: 'assigned',
      updatedAt: now,
    });
    switch (msg.type) {
      case 'create': {
        const parent = msg.parentId ? board.tasks[msg.parentId] : null;
        if (msg.parentId && !parent)
          return answer(refuse('not_found', `no task "${msg.parentId}"`, 'parent_task_id'), board);
        const task = newTask(msg, parent?.id ?? null, now);
        const next = parent
          ? put(board, task, { ...parent, childIds: [...parent.childIds, task.id] })
          : put(board, task);
        return answer({ ok: true, value: task } satisfies Outcome<Task>, next);
      }
      case 'list': {
        const tasks = Object.values(board.tasks).filter(
          (t) =>
            (!msg.status || t.status === msg.status) &&
            (!msg.assignee || t.assignee === msg.assignee) &&
            (!msg.parentId || t.parentId === msg.parentId),
        );
        return answer({ ok: true, value: tasks } satisfies Outcome<Task[]>, board);
      }
      default:
        break;
    }
    const task = board.tasks[msg.taskId];
    if (!task) return answer(refuse('not_found', `no task "${msg.taskId}"`, 'task_id'), board);
    switch (msg.type) {
      case 'get':
        return answer({ ok: true, value: task } satisfies Outcome<Task>, board);
      case 'decompose': {
        const children = msg.subtasks.map((spec) => newTask(spec, task.id, now));
        const parent = {
          ...task,
          childIds: [...task.childIds, ...children.map((c) => c.id)],
          updatedAt: now,
        };
        return answer(
          { ok: true, value: children } satisfies Outcome<Task[]>,
          put(board, parent, ...children),
        );
      }
      case 'assign-subtasks': {
        let next = board;
        const assigned: Task[] = [];
        for (const childId of task.childIds) {
          const child = next.tasks[childId];
          if (child?.status !== 'pending') continue;
          const agent = await pick(child);
          if (!agent.ok) continue;
          const updated = assign(child, agent.value);
          assigned.push(updated);
          next = put(next, updated);
          board = next;
        }
        return answer({ ok: true, value: assigned } satisfies Outcome<Task[]>, next);
      }
      case 'delegate': {
        const agent = await pick(task, msg.agentId);
        if (!agent.ok) return answer(agent, board);
        const updated = assign(task, agent.value);
        return answer({ ok: true, value: updated } satisfies Outcome<Task>, put(board, updated));
      }
      case 'update': {
        const who = await ctx.ask<Outcome<Agent>>(board.registry, {
          type: 'authorize',
          agentId: msg.agentId,
          token: msg.token,
        });
        if (!who.ok) return answer(who, board);
        if (task.assignee !== null && task.assignee !== msg.agentId) {
          return answer(
            refuse('not_assignee', `task "${task.id}" is assigned to "${task.assignee}"`, 'agent_id'),
            board,
          );
        }
        const updated: Task = {
          ...task,
          status: msg.status,
          result: msg.result === undefined ? task.result : msg.result,
          assignee: task.assignee ?? msg.agentId,
          updatedAt: now,
        };
        return answer({ ok: true, value: updated } satisfies Outcome<Task>, put(board, updated));
      }
      case 'merge': {
        const results = task.childIds
          .map((id) => board.tasks[id])
          .filter((c): c is Task => c?.status === 'completed')
          .map((c) => c.result);
        const merged: Task = { ...task, result: mergeResults(results, msg.strategy), updatedAt: now };
        return answer({ ok: true, value: merged } satisfies Outcome<Task>, put(board, merged));
      }
    }
  },
});
