/**
 * The routing tools: `set_routing_rule`, `remove_routing_rule`, `route_task`,
 * `list_routing_rules` — messages to the `Router`, which keeps the task type → agent/role
 * matrix and picks agents (actors/agents/routing-rule.ts says how).
 */
import { z } from 'zod';
import type { RoutedTask, RouterMsg } from '../../../actors/coordination/routing.js';
import type { RouteTarget, RoutingRule } from '../../../actors/coordination/routing-rule.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { RoutedTaskRecordShape, RuleRecordSchema, routedTaskRecord, ruleRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const TaskType = z.string().min(1).max(256);
const Capabilities = z.array(z.string().min(1)).default([]);
/** A rule's target: `target_kind` says whether `target` is an agent id or a role. */
const Target = { target_kind: z.enum(['agent', 'role']), target: Id };
const Caller = { agent_id: Id, agent_token: z.string(), session_id: Id.optional() };

function targetOf(args: { target_kind: 'agent' | 'role'; target: string }): RouteTarget {
  switch (args.target_kind) {
    case 'agent':
      return { kind: 'agent', agentId: args.target };
    case 'role':
      return { kind: 'role', role: args.target };
  }
}

export function registerRoutingTools(tools: ToolRegistry, router: ActorRef<RouterMsg>): void {
  const answer = answerer(router);
  const handledBy = router.id;
  const withRule = (rule: RoutingRule) => ({ rule: ruleRecord(rule) });
  const ruled = { rule: RuleRecordSchema };
  tools.register(
    'set_routing_rule',
    {
      description:
        'Route a task type to an agent (target_kind agent) or a role (target_kind role), with capabilities the chosen agent must also have; rules are tried highest priority first. Setting the same task type and target again replaces the rule.',
      inputSchema: {
        task_type: TaskType,
        ...Target,
        required_capabilities: Capabilities,
        priority: z.number().int().min(-1000).max(1000).default(0),
        ...Caller,
      },
      outputSchema: ruled,
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'set-rule',
          taskType: args.task_type,
          target: targetOf(args),
          requiredCapabilities: args.required_capabilities,
          priority: args.priority,
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withRule,
      ),
  );
  tools.register(
    'remove_routing_rule',
    {
      description: 'Remove the rule routing a task type to this target (none → not_found).',
      inputSchema: { task_type: TaskType, ...Target, ...Caller },
      outputSchema: ruled,
      annotations: changes({ destructive: true, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'remove-rule',
          taskType: args.task_type,
          target: targetOf(args),
          agentId: args.agent_id,
          token: args.agent_token,
        },
        withRule,
      ),
  );
  tools.register(
    'route_task',
    {
      description:
        "Pick an agent for a task type: by its rules (a named agent if available or idle, else the least loaded ready agent of a role), else by capability match among ready agents, else no_agent. Says how (method) and by which rule. With task_id, the task's capabilities count too and the task is delegated to the chosen agent.",
      inputSchema: {
        task_type: TaskType,
        required_capabilities: Capabilities,
        task_id: Id.optional(),
        agent_id: Id.optional(),
        session_id: Id.optional(),
      },
      outputSchema: RoutedTaskRecordShape,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
    },
    (args) =>
      answer<RoutedTask>(
        {
          type: 'route',
          taskType: args.task_type,
          requiredCapabilities: args.required_capabilities,
          taskId: args.task_id,
        },
        routedTaskRecord,
      ),
  );
  tools.register(
    'list_routing_rules',
    {
      description: 'The routing matrix: every rule, or one task type’s, in the order they are tried.',
      inputSchema: { task_type: TaskType.optional() },
      outputSchema: { rules: z.array(RuleRecordSchema) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<RoutingRule[]>({ type: 'list-rules', taskType: args.task_type }, (rules) => ({
        rules: rules.map(ruleRecord),
      })),
  );
}
