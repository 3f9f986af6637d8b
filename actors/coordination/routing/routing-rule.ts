/**
 * The routing matrix as plain data — task type → rules naming an agent or a role, each
 * owned by who set it — and `chooseRoute`, the function that picks an agent for a task from
 * the rules and the agents as the tables show them (agent-view.ts: presence, role,
 * capabilities, load). The router actor (router.ts) keeps the rules; this module owns no state.
 *
 *   rules of the task type, highest priority first
 *     ├─ target agent ──► that agent, if ready and able         → 'rule-agent'
 *     └─ target role  ──► least loaded ready, able agent of it   → 'rule-role'
 *   no rule fits ──► least loaded ready agent with the task's capabilities → 'capability-match'
 *   nobody       ──► null (answered `no_agent`)
 *
 * Ready means `available` or `idle`. Able means having every capability the task asks for
 * and every capability the rule adds. Load (open tasks) ties go to the smaller agent id.
 */
import { type AgentDirectory, type AgentView, hasCapabilities, isReady } from '../tasks/agent-view.js';

export type RouteTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'role'; readonly role: string };

export interface RoutingRule {
  readonly taskType: string;
  readonly target: RouteTarget;
  /** Capabilities the chosen agent must have besides the task's own. */
  readonly requiredCapabilities: readonly string[];
  /** Higher first; among equal priorities, agent targets before role targets. */
  readonly priority: number;
  /** Who set it (and may replace or remove it); `null`: the operator. */
  readonly setBy: string | null;
  readonly updatedAt: number;
}

export const ROUTE_METHODS = ['rule-agent', 'rule-role', 'capability-match'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** The choice: which agent, how it was chosen, by which rule, and its load then. */
export interface Route {
  readonly taskType: string;
  readonly agent: AgentView;
  readonly method: RouteMethod;
  readonly rule: RoutingRule | null;
  readonly load: number;
}

export function sameTarget(a: RouteTarget, b: RouteTarget): boolean {
  switch (a.kind) {
    case 'agent':
      return b.kind === 'agent' && a.agentId === b.agentId;
    case 'role':
      return b.kind === 'role' && a.role === b.role;
  }
}

export function describeTarget(target: RouteTarget): string {
  switch (target.kind) {
    case 'agent':
      return `agent "${target.agentId}"`;
    case 'role':
      return `role "${target.role}"`;
  }
}

const kindRank = (target: RouteTarget) => (target.kind === 'agent' ? 0 : 1);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order rules are tried in: priority (highest first), agent targets before roles, then by name. */
export function byPrecedence(a: RoutingRule, b: RoutingRule): number {
  return (
    b.priority - a.priority ||
    kindRank(a.target) - kindRank(b.target) ||
    compareText(describeTarget(a.target), describeTarget(b.target))
  );
}

/** The listing order: by task type, then by precedence. */
export function byTaskType(a: RoutingRule, b: RoutingRule): number {
  return compareText(a.taskType, b.taskType) || byPrecedence(a, b);
}

export function chooseRoute(
  taskType: string,
  rules: readonly RoutingRule[],
  requiredCapabilities: readonly string[],
  agents: AgentDirectory,
): Route | null {
  const route = (agent: AgentView, method: RouteMethod, rule: RoutingRule | null): Route => ({
    taskType,
    agent,
    method,
    rule,
    load: agents.load(agent.id),
  });
  for (const rule of [...rules].sort(byPrecedence)) {
    const needs = [...new Set([...requiredCapabilities, ...rule.requiredCapabilities])];
    const target = rule.target;
    switch (target.kind) {
      case 'agent': {
        const agent = agents.get(target.agentId);
        if (agent && isReady(agent) && hasCapabilities(agent, needs)) return route(agent, 'rule-agent', rule);
        break;
      }
      case 'role': {
        const able = agents.withRole(target.role).filter((a) => isReady(a) && hasCapabilities(a, needs));
        const agent = agents.leastLoaded(able);
        if (agent) return route(agent, 'rule-role', rule);
        break;
      }
    }
  }
  const agent = agents.leastLoaded(agents.withCapabilities(requiredCapabilities).filter(isReady));
  return agent ? route(agent, 'capability-match', null) : null;
}
