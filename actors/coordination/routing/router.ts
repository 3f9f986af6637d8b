/**
 * `Router` (one actor, id `routing`): the routing rules, capped by `limits.routingRules`,
 * each owned by the agent that set it. Setting the same task type and target again replaces
 * the rule — only for its owner or the operator (`forbidden`), as is removing it. Listing is
 * public. Routing itself reads the agents and their load from the tables on the main thread
 * (routing-rule.ts, api.ts): the router only answers the rules of a task type.
 *
 * Its id is not the previous version's `router`, whose stored state the migration reads
 * (migrate-routing.ts) before removing it.
 */
import { defineActor, type Outcome, refuse, reply } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import {
  byPrecedence,
  byTaskType,
  describeTarget,
  type RouteTarget,
  type RoutingRule,
  sameTarget,
} from './routing-rule.js';

export const ROUTER_ID = 'routing';

export interface NewRule {
  readonly taskType: string;
  readonly target: RouteTarget;
  readonly requiredCapabilities: readonly string[];
  readonly priority: number;
}

export type RouterMsg =
  | { readonly type: 'set-rule'; readonly caller: Caller; readonly rule: NewRule; readonly max: number }
  | {
      readonly type: 'remove-rule';
      readonly caller: Caller;
      readonly taskType: string;
      readonly target: RouteTarget;
    }
  /** The rules (of one task type, or all) in the order they are listed. */
  | { readonly type: 'list-rules'; readonly taskType?: string }
  /** Migrated rules, kept where no rule has their task type and target yet; answered with how many were kept. */
  | { readonly type: 'restore'; readonly rules: readonly RoutingRule[]; readonly max: number };

export interface RouterState {
  readonly rules: readonly RoutingRule[];
}

function owns(rule: RoutingRule, caller: Caller): boolean {
  return caller.kind === 'operator' || (caller.kind === 'agent' && caller.agentId === rule.setBy);
}

const isRule = (taskType: string, target: RouteTarget) => (rule: RoutingRule) =>
  rule.taskType === taskType && sameTarget(rule.target, target);

export const Router = defineActor<RouterMsg, RouterState>({
  module: import.meta.url,
  name: 'Router',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => ({ rules: [] }),
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'list-rules': {
        const rules = state.rules.filter((r) => msg.taskType === undefined || r.taskType === msg.taskType);
        return reply(
          { ok: true, value: [...rules].sort(byTaskType) } satisfies Outcome<RoutingRule[]>,
          state,
        );
      }
      case 'set-rule': {
        const { rule: given, caller } = msg;
        const existing = state.rules.find(isRule(given.taskType, given.target));
        if (existing && !owns(existing, caller))
          return reply(
            refuse(
              'forbidden',
              `the rule routing "${given.taskType}" to ${describeTarget(given.target)} is "${existing.setBy ?? 'the operator'}"'s`,
              'target',
            ),
            state,
          );
        if (!existing && state.rules.length >= msg.max)
          return reply(
            refuse('limit_exceeded', `the router holds ${msg.max} rules, its limit`, 'task_type'),
            state,
          );
        const rule: RoutingRule = {
          ...given,
          requiredCapabilities: [...new Set(given.requiredCapabilities)],
          setBy: caller.kind === 'agent' ? caller.agentId : null,
          updatedAt: ctx.now(),
        };
        const others = state.rules.filter((r) => r !== existing);
        return reply({ ok: true, value: rule } satisfies Outcome<RoutingRule>, {
          rules: [...others, rule].sort(byPrecedence),
        });
      }
      case 'remove-rule': {
        const existing = state.rules.find(isRule(msg.taskType, msg.target));
        if (!existing)
          return reply(
            refuse(
              'not_found',
              `no rule routes "${msg.taskType}" to ${describeTarget(msg.target)}`,
              'target',
            ),
            state,
          );
        if (!owns(existing, msg.caller))
          return reply(
            refuse(
              'forbidden',
              `only "${existing.setBy ?? 'the operator'}" (or the operator) removes this rule`,
              'target',
            ),
            state,
          );
        return reply({ ok: true, value: existing } satisfies Outcome<RoutingRule>, {
          rules: state.rules.filter((r) => r !== existing),
        });
      }
      case 'restore': {
        const kept = [...state.rules];
        let added = 0;
        for (const rule of msg.rules) {
          if (kept.length >= msg.max) break;
          if (kept.some(isRule(rule.taskType, rule.target))) continue;
          kept.push(rule);
          added++;
        }
        return reply(added, added === 0 ? state : { rules: kept.sort(byPrecedence) });
      }
    }
  },
});
