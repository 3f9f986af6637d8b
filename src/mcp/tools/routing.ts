/**
 * The routing tools on the rebuilt domain (`actors/coordination/routing/api.ts`):
 * `set_routing_rule`, `remove_routing_rule`, `list_routing_rules`, `route_task`. A rule
 * routes a task type to an agent (`target_kind: agent`) or a role (`target_kind: role`); how
 * a route is chosen is the domain's (routing-rule.ts).
 *
 * Who may: a rule belongs to who set it — only that agent (or the operator) replaces or
 * removes it (forbidden otherwise); setting one needs a proven agent. Listing rules and
 * routing without a task are public; routing with `task_id` delegates that task, which only
 * its coordinator may do.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import {
  listRoutingRules,
  MAX_PRIORITY,
  removeRoutingRule,
  routeTask,
  setRoutingRule,
} from '../../../actors/coordination/routing/api.js';
import type { RoutingRule } from '../../../actors/coordination/routing/routing-rule.js';
import { CapabilitiesSchema } from '../../../actors/coordination/tasks/task-schemas.js';
import { changes, READS } from '../annotations.js';
import { RoutedTaskRecordShape, RuleRecordSchema, routedTaskRecord, ruleRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { resultOf } from './domain-answer.js';

const HANDLED_BY = 'router';
const TaskType = z.string().min(1).max(256);
/** A rule's target: `target_kind` says whether `target` is an agent id or a role. */
const Target = { target_kind: z.enum(['agent', 'role']), target: z.string().min(1).max(256) };
const withRule = (rule: RoutingRule) => ({ rule: ruleRecord(rule) });

export function registerRoutingTools(tools: ToolRegistry, domain: AgentsDomain): void {
  const { system, limits } = domain;
  const ruled = { rule: RuleRecordSchema };
  tools.register(
    'set_routing_rule',
    {
      description:
        'Route a task type to an agent (target_kind agent) or a role (target_kind role), with capabilities the chosen agent must also have; rules are tried highest priority first. The rule belongs to the caller: setting the same task type and target again replaces it — its owner only (forbidden otherwise).',
      inputSchema: {
        task_type: TaskType,
        ...Target,
        required_capabilities: CapabilitiesSchema.default([]),
        priority: z.number().int().min(-MAX_PRIORITY).max(MAX_PRIORITY).default(0),
        agent_id: IdSchema,
        agent_token: z.string().optional(),
      },
      outputSchema: ruled,
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await setRoutingRule(
          system,
          call.caller,
          {
            taskType: args.task_type,
            targetKind: args.target_kind,
            target: args.target,
            requiredCapabilities: args.required_capabilities,
            priority: args.priority,
          },
          limits,
        ),
        withRule,
      ),
  );
  tools.register(
    'remove_routing_rule',
    {
      description:
        'Remove the rule routing a task type to this target: its owner only (forbidden; none: not_found).',
      inputSchema: { task_type: TaskType, ...Target, agent_id: IdSchema, agent_token: z.string().optional() },
      outputSchema: ruled,
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await removeRoutingRule(
          system,
          call.caller,
          { taskType: args.task_type, targetKind: args.target_kind, target: args.target },
          limits,
        ),
        withRule,
      ),
  );
  tools.register(
    'route_task',
    {
      description:
        "Pick an agent for a task type: by its rules (a named agent if available or idle, else the least loaded ready agent of a role), else by capability match among ready agents, else no_agent; says how (method) and by which rule. With task_id (and a proven agent_id coordinating that task) the task's capabilities count too and the task is delegated to the agent picked.",
      inputSchema: {
        task_type: TaskType,
        required_capabilities: CapabilitiesSchema.default([]),
        task_id: IdSchema.optional(),
        agent_token: z.string().optional(),
      },
      outputSchema: RoutedTaskRecordShape,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await routeTask(
          system,
          call.caller,
          {
            taskType: args.task_type,
            requiredCapabilities: args.required_capabilities,
            ...(args.task_id !== undefined ? { taskId: args.task_id } : {}),
          },
          limits,
        ),
        routedTaskRecord,
      ),
  );
  tools.register(
    'list_routing_rules',
    {
      description:
        'The routing matrix (public): every rule, or one task type’s, in the order they are tried, with its owner (set_by).',
      inputSchema: { task_type: TaskType.optional() },
      outputSchema: { rules: z.array(RuleRecordSchema) },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) =>
      resultOf(
        await listRoutingRules(
          system,
          call.caller,
          args.task_type !== undefined ? { taskType: args.task_type } : {},
          limits,
        ),
        (rules) => ({ rules: rules.map(ruleRecord) }),
      ),
  );
}
