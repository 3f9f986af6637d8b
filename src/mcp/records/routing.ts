/**
 * The routing matrix over MCP: a rule `{ task_type, target: { kind, agent_id | role },
 * required_capabilities, priority, set_by, updated_at }` (`set_by`: who owns it, null for the
 * operator) and a route `{ task_type, agent, method, rule, load }` — the agent as the tables
 * show it (`id`, `name`, `role`, `status`, `capabilities`), never more.
 */
import { z } from 'zod';
import type { RoutedTask } from '../../../actors/coordination/routing/api.js';
import {
  ROUTE_METHODS,
  type Route,
  type RouteTarget,
  type RoutingRule,
} from '../../../actors/coordination/routing/routing-rule.js';
import type { AgentView } from '../../../actors/coordination/tasks/agent-view.js';
import { TaskRecordSchema, taskRecordOf } from './task.js';
import { IsoTimeSchema, isoTime } from './time.js';

export const RouteTargetRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agent_id: z.string() }),
  z.object({ kind: z.literal('role'), role: z.string() }),
]);

export const RuleRecordSchema = z.object({
  task_type: z.string(),
  target: RouteTargetRecordSchema,
  required_capabilities: z.array(z.string()),
  priority: z.number(),
  set_by: z.string().nullable(),
  updated_at: IsoTimeSchema,
});

/** The agent a route picked, as the `agents` table shows it. */
export const RoutedAgentRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  status: z.string(),
  capabilities: z.array(z.string()),
});

export const RouteRecordSchema = z.object({
  task_type: z.string(),
  agent: RoutedAgentRecordSchema,
  method: z.enum(ROUTE_METHODS),
  rule: RuleRecordSchema.nullable(),
  load: z.number(),
});

export const RoutedTaskRecordShape = { route: RouteRecordSchema, task: TaskRecordSchema.nullable() };

function targetRecord(target: RouteTarget): z.infer<typeof RouteTargetRecordSchema> {
  switch (target.kind) {
    case 'agent':
      return { kind: 'agent', agent_id: target.agentId };
    case 'role':
      return { kind: 'role', role: target.role };
  }
}

export function ruleRecord(rule: RoutingRule): z.infer<typeof RuleRecordSchema> {
  return {
    task_type: rule.taskType,
    target: targetRecord(rule.target),
    required_capabilities: [...rule.requiredCapabilities],
    priority: rule.priority,
    set_by: rule.setBy,
    updated_at: isoTime(rule.updatedAt),
  };
}

function routedAgentRecord(agent: AgentView): z.infer<typeof RoutedAgentRecordSchema> {
  return {
    id: agent.id,
    name: typeof agent.name === 'string' ? agent.name : agent.id,
    role: agent.role,
    status: agent.status,
    capabilities: [...agent.capabilities],
  };
}

export function routeRecord(route: Route): z.infer<typeof RouteRecordSchema> {
  return {
    task_type: route.taskType,
    agent: routedAgentRecord(route.agent),
    method: route.method,
    rule: route.rule === null ? null : ruleRecord(route.rule),
    load: route.load,
  };
}

export function routedTaskRecord(routed: RoutedTask) {
  return { route: routeRecord(routed.route), task: routed.task === null ? null : taskRecordOf(routed.task) };
}
