/**
 * The routing matrix as plain data — task type → rules naming an agent or a role — and
 * `chooseRoute`, the pure function that picks an agent for a task from the rules, the ready
 * agents and their load. The `Router` actor (routing.ts) keeps the rules and gathers the
 * agents and the load; this module owns no state and does no I/O.
 *
 *   rules of the task type, highest priority first
 *     ├─ target agent ──► that agent, if ready and able         → 'rule-agent'
 *     └─ target role  ──► least loaded ready, able agent of it   → 'rule-role'
 *   no rule fits ──► least loaded ready agent with the task's capabilities → 'capability-match'
 *   nobody       ──► null (the router answers `no_agent`)
 *
 * Ready means `available` or `idle`. Able means having every capability the task asks for
 * and every capability the rule adds. Load ties go to the smaller agent id.
 */
import type { Agent, AgentStatus } from './agent.js';

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
  readonly setBy: string;
  readonly updatedAt: number;
}

export const ROUTE_METHODS = ['rule-agent', 'rule-role', 'capability-match'] as const;
export type RouteMethod = (typeof ROUTE_METHODS)[number];

/** The router's choice: which agent, how it was chosen, by which rule, and its open-task load. */
export interface Route {
  readonly taskType: string;
  readonly agent: Agent;
  readonly method: RouteMethod;
  readonly rule: RoutingRule | null;
  readonly load: number;
}

/** Statuses in which an agent takes new work. */
export const READY_STATUSES: readonly AgentStatus[] = ['available', 'idle'];

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

/** The order rules are tried in: priority (highest first), agent targets before roles, then by name. */
export function byPrecedence(a: RoutingRule, b: RoutingRule): number {
  return (
    b.priority - a.priority ||
    kindRank(a.target) - kindRank(b.target) ||
    describeTarget(a.target).localeCompare(describeTarget(b.target))
  );
}

export interface RouteInput {
  readonly taskType: string;
  /** The rules for this task type, in any order. */
  readonly rules: readonly RoutingRule[];
  /** The registered agents (those not ready are passed over). */
  readonly agents: readonly Agent[];
  /** Capabilities the task needs. */
  readonly requiredCapabilities: readonly string[];
  /** Each agent's open tasks. */
  readonly load: (agentId: string) => number;
}

export function chooseRoute(input: RouteInput): Route | null {
  const ready = input.agents.filter((a) => READY_STATUSES.includes(a.status));
  const able = (agent: Agent, capabilities: readonly string[]) =>
    capabilities.every((c) => agent.capabilities.includes(c));
  const leastLoaded = (candidates: readonly Agent[]) =>
    [...candidates].sort((a, b) => input.load(a.id) - input.load(b.id) || a.id.localeCompare(b.id))[0];
  const route = (agent: Agent, method: RouteMethod, rule: RoutingRule | null): Route => ({
    taskType: input.taskType,
    agent,
    method,
    rule,
    load: input.load(agent.id),
  });
  for (const rule of [...input.rules].sort(byPrecedence)) {
    const needs = [...new Set([...input.requiredCapabilities, ...rule.requiredCapabilities])];
    const target = rule.target;
    switch (target.kind) {
      case 'agent': {
        const agent = ready.find((a) => a.id === target.agentId && able(a, needs));
        if (agent) return route(agent, 'rule-agent', rule);
        break;
      }
      case 'role': {
        const agent = leastLoaded(ready.filter((a) => a.role === target.role && able(a, needs)));
        if (agent) return route(agent, 'rule-role', rule);
        break;
      }
    }
  }
  const agent = leastLoaded(ready.filter((a) => able(a, input.requiredCapabilities)));
  return agent ? route(agent, 'capability-match', null) : null;
}
