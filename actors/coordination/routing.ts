/**
 * `Router`: the orchestrator's routing matrix — task type → agent or role rules — and the
 * routing itself. `route` gathers the ready agents (from the registry's `find`) and their
 * open-task load (from the task board), lets `chooseRoute` (routing-rule.ts) pick, and, when
 * given a task id, delegates that task to the chosen agent through the task board's own
 * `delegate`. Setting or removing a rule is done on an agent's behalf (its token is checked
 * with the registry). Domain errors are typed answers.
 */
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import type { RegistryMsg } from './registry.js';
import {
  byPrecedence,
  chooseRoute,
  describeTarget,
  READY_STATUSES,
  type Route,
  type RouteTarget,
  type RoutingRule,
  sameTarget,
} from './routing-rule.js';
import type { Task, TaskMsg, TaskStatus } from './tasks.js';

interface Caller {
  readonly agentId: string;
  readonly token: string;
}

export type RouterMsg =
  | (Caller & {
      readonly type: 'set-rule';
      readonly taskType: string;
      readonly target: RouteTarget;
      readonly requiredCapabilities: readonly string[];
      readonly priority: number;
    })
  | (Caller & { readonly type: 'remove-rule'; readonly taskType: string; readonly target: RouteTarget })
  | {
      readonly type: 'route';
      readonly taskType: string;
      readonly requiredCapabilities: readonly string[];
      /** Delegate this task on the task board to the chosen agent. */
      readonly taskId?: string;
    }
  | { readonly type: 'list-rules'; readonly taskType?: string };

/** A routing decision, and the task delegated by it (null when no task id was given). */
export interface RoutedTask {
  readonly route: Route;
  readonly task: Task | null;
}

interface Matrix {
  readonly registry: ActorRef<RegistryMsg>;
  readonly tasks: ActorRef<TaskMsg>;
  /** Task type → its rules. */
  readonly rules: Readonly<Record<string, readonly RoutingRule[]>>;
}

/** The task statuses that count as load, as the task board counts them when it assigns. */
const LOAD: ReadonlySet<TaskStatus> = new Set(['assigned', 'in_progress']);

export const Router = defineActor<
  RouterMsg,
  Matrix,
  { readonly registry: ActorRef<RegistryMsg>; readonly tasks: ActorRef<TaskMsg> }
>({
  module: import.meta.url,
  name: 'Router',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: ({ registry, tasks }) => ({ registry, tasks, rules: {} }),
  receive: async (matrix, msg, ctx) => {
    const now = Date.now();
    const rulesOf = (taskType: string) => matrix.rules[taskType] ?? [];
    const withRules = (taskType: string, rules: readonly RoutingRule[]): Matrix => {
      const { [taskType]: _old, ...rest } = matrix.rules;
      return { ...matrix, rules: rules.length > 0 ? { ...rest, [taskType]: rules } : rest };
    };
    switch (msg.type) {
      case 'list-rules': {
        const rules = (msg.taskType ? rulesOf(msg.taskType) : Object.values(matrix.rules).flat())
          .slice()
          .sort((a, b) => a.taskType.localeCompare(b.taskType) || byPrecedence(a, b));
        return reply({ ok: true, value: rules } satisfies Outcome<RoutingRule[]>, matrix);
      }
      case 'route': {
        const listed = await ctx.ask<Outcome<Task[]>>(matrix.tasks, { type: 'list' });
        const tasks = listed.ok ? listed.value : [];
        const task = msg.taskId ? tasks.find((t) => t.id === msg.taskId) : undefined;
        if (msg.taskId && !task)
          return reply(refuse('not_found', `no task "${msg.taskId}"`, 'task_id'), matrix);
        const found = await ctx.ask<Outcome<Agent[]>>(matrix.registry, {
          type: 'find',
          filter: { statuses: READY_STATUSES },
        });
        const requiredCapabilities = [
          ...new Set([...msg.requiredCapabilities, ...(task?.requiredCapabilities ?? [])]),
        ];
        const route = chooseRoute({
          taskType: msg.taskType,
          rules: rulesOf(msg.taskType),
          agents: found.ok ? found.value : [],
          requiredCapabilities,
          load: (agentId) => tasks.filter((t) => t.assignee === agentId && LOAD.has(t.status)).length,
        });
        if (!route) {
          const needs = requiredCapabilities.length > 0 ? requiredCapabilities.join(', ') : 'no capabilities';
          const why = `no ready agent for task type "${msg.taskType}" (${rulesOf(msg.taskType).length} rules; needs ${needs})`;
          return reply(refuse('no_agent', why, 'task_type'), matrix);
        }
        if (!task)
          return reply({ ok: true, value: { route, task: null } } satisfies Outcome<RoutedTask>, matrix);
        const delegated = await ctx.ask<Outcome<Task>>(matrix.tasks, {
          type: 'delegate',
          taskId: task.id,
          agentId: route.agent.id,
        });
        if (!delegated.ok) return reply(delegated, matrix);
        return reply(
          { ok: true, value: { route, task: delegated.value } } satisfies Outcome<RoutedTask>,
          matrix,
        );
      }
      default:
        break;
    }
    const who = await ctx.ask<Outcome<Agent>>(matrix.registry, {
      type: 'authorize',
      agentId: msg.agentId,
      token: msg.token,
    });
    if (!who.ok) return reply(who, matrix);
    const others = rulesOf(msg.taskType).filter((r) => !sameTarget(r.target, msg.target));
    switch (msg.type) {
      case 'set-rule': {
        const rule: RoutingRule = {
          taskType: msg.taskType,
          target: msg.target,
          requiredCapabilities: [...msg.requiredCapabilities],
          priority: msg.priority,
          setBy: msg.agentId,
          updatedAt: now,
        };
        return reply(
          { ok: true, value: rule } satisfies Outcome<RoutingRule>,
          withRules(msg.taskType, [...others, rule].sort(byPrecedence)),
        );
      }
      case 'remove-rule': {
        const removed = rulesOf(msg.taskType).find((r) => sameTarget(r.target, msg.target));
        if (!removed) {
          const why = `no rule routes "${msg.taskType}" to ${describeTarget(msg.target)}`;
          return reply(refuse('not_found', why, 'target'), matrix);
        }
        return reply(
          { ok: true, value: removed } satisfies Outcome<RoutingRule>,
          withRules(msg.taskType, others),
        );
      }
    }
  },
});
