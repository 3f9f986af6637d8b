/**
 * The routing facade: what the MCP tools (and embedding services) call. Rules are set and
 * removed by asking the router (only a rule's owner or the operator may replace or remove
 * it); listing them is public. `routeTask` asks the router for the task type's rules, reads
 * the agents' presence, roles, capabilities and load from the tables on the main thread,
 * lets `chooseRoute` pick — and with a task id delegates that task to the agent picked, as
 * its coordinator would (tasks/delegate.ts checks it).
 */
import { z } from 'zod';
import {
  type ActorRef,
  type ActorSystem,
  ensureActor,
  type Outcome,
  refuse,
} from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { IdSchema } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import { AgentDirectory } from '../tasks/agent-view.js';
import { delegateTask } from '../tasks/delegate.js';
import { parseInput, perLimits, writerOf } from '../tasks/facade-input.js';
import { readTaskFor } from '../tasks/task-access.js';
import type { TaskRecord } from '../tasks/task-record.js';
import { CapabilitiesSchema } from '../tasks/task-schemas.js';
import { tenantScopeOf } from '../tenancy.js';
import { ROUTER_ID, Router, type RouterMsg } from './router.js';
import { chooseRoute, type Route, type RouteTarget, type RoutingRule } from './routing-rule.js';

/** Priorities a rule may have. */
export const MAX_PRIORITY = 1_000;

const TaskTypeSchema = z.string().min(1).max(256);
const RoleSchema = z.string().min(1).max(256);

const targetSchema = z.discriminatedUnion('targetKind', [
  z.object({ targetKind: z.literal('agent'), target: IdSchema }),
  z.object({ targetKind: z.literal('role'), target: RoleSchema }),
]);

const schemas = perLimits(() => ({
  set: z
    .object({
      taskType: TaskTypeSchema,
      targetKind: z.enum(['agent', 'role']),
      target: z.string(),
      requiredCapabilities: CapabilitiesSchema.default([]),
      priority: z.number().int().min(-MAX_PRIORITY).max(MAX_PRIORITY).default(0),
    })
    .strict(),
  remove: z
    .object({ taskType: TaskTypeSchema, targetKind: z.enum(['agent', 'role']), target: z.string() })
    .strict(),
  list: z.object({ taskType: TaskTypeSchema.optional() }).strict(),
  route: z
    .object({
      taskType: TaskTypeSchema,
      requiredCapabilities: CapabilitiesSchema.default([]),
      taskId: IdSchema.optional(),
    })
    .strict(),
}));

const routers = new WeakMap<ActorSystem, Promise<ActorRef<RouterMsg>>>();

/** The router of this system (spawned on first use). */
export function routerOf(system: ActorSystem): Promise<ActorRef<RouterMsg>> {
  let router = routers.get(system);
  if (!router) {
    router = ensureActor(system, Router, ROUTER_ID);
    router.catch(() => routers.delete(system));
    routers.set(system, router);
  }
  return router;
}

function targetOf(input: { targetKind: 'agent' | 'role'; target: string }): Outcome<RouteTarget> {
  const parsed = parseInput(targetSchema, input);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value:
      parsed.value.targetKind === 'agent'
        ? { kind: 'agent', agentId: parsed.value.target }
        : { kind: 'role', role: parsed.value.target },
  };
}

/** Route a task type to an agent or a role; the same task type and target again replaces the rule (its owner's). */
export async function setRoutingRule(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<RoutingRule>> {
  const parsed = parseInput(schemas(limits).set, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'setting a routing rule');
  if (!writer.ok) return writer;
  const target = targetOf(parsed.value);
  if (!target.ok) return target;
  const { taskType, requiredCapabilities, priority } = parsed.value;
  const router = await routerOf(system);
  return router.ask<Outcome<RoutingRule>>({
    type: 'set-rule',
    caller,
    rule: { taskType, target: target.value, requiredCapabilities, priority },
    max: limits.routingRules,
  });
}

/** Remove the rule routing a task type to a target (its owner, or the operator). */
export async function removeRoutingRule(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<RoutingRule>> {
  const parsed = parseInput(schemas(limits).remove, input);
  if (!parsed.ok) return parsed;
  const writer = writerOf(caller, 'removing a routing rule');
  if (!writer.ok) return writer;
  const target = targetOf(parsed.value);
  if (!target.ok) return target;
  const router = await routerOf(system);
  return router.ask<Outcome<RoutingRule>>({
    type: 'remove-rule',
    caller,
    taskType: parsed.value.taskType,
    target: target.value,
  });
}

/** Every rule, or one task type's, in the order they are tried (public). */
export async function listRoutingRules(
  system: ActorSystem,
  _caller: Caller,
  input: unknown = {},
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<readonly RoutingRule[]>> {
  const parsed = parseInput(schemas(limits).list, input);
  if (!parsed.ok) return parsed;
  const router = await routerOf(system);
  return router.ask<Outcome<RoutingRule[]>>({
    type: 'list-rules',
    ...(parsed.value.taskType !== undefined ? { taskType: parsed.value.taskType } : {}),
  });
}

/** A routing decision, and the task delegated by it (`null` without a task id). */
export interface RoutedTask {
  readonly route: Route;
  readonly task: TaskRecord | null;
}

/**
 * Pick an agent for a task type (routing-rule.ts says how), or `no_agent`. With `taskId` the
 * task's own capabilities count too, and the task is delegated to the agent picked — which
 * only its coordinator (or the operator) may do.
 */
export async function routeTask(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<RoutedTask>> {
  const parsed = parseInput(schemas(limits).route, input);
  if (!parsed.ok) return parsed;
  const { taskType, taskId } = parsed.value;
  let coordinatorId: string | null = null;
  if (taskId !== undefined) {
    const writer = writerOf(caller, 'routing a task');
    if (!writer.ok) return writer;
    coordinatorId = writer.value;
  }
  const router = await routerOf(system);
  const rules = await router.ask<Outcome<RoutingRule[]>>({ type: 'list-rules', taskType });
  if (!rules.ok) return rules;
  const task = taskId === undefined ? undefined : readTaskFor(system, taskId, caller);
  if (taskId !== undefined && !task) return refuse('not_found', `no task "${taskId}"`, 'task_id');
  const needs = [...new Set([...parsed.value.requiredCapabilities, ...(task?.requiredCapabilities ?? [])])];
  // Routed within the caller's tenant: only its agents are candidates.
  const route = chooseRoute(
    taskType,
    rules.value,
    needs,
    new AgentDirectory(system, tenantScopeOf(system, caller)),
  );
  if (!route) {
    const why = `no ready agent for task type "${taskType}" (${rules.value.length} rules; needs ${needs.join(', ') || 'no capabilities'})`;
    return refuse('no_agent', why, 'task_type');
  }
  if (!task) return { ok: true, value: { route, task: null } };
  const delegated = await delegateTask(
    system,
    caller,
    coordinatorId,
    { assignedAgentId: route.agent.id, subtaskId: task.id, force: false },
    limits,
  );
  return delegated.ok ? { ok: true, value: { route, task: delegated.value } } : delegated;
}
