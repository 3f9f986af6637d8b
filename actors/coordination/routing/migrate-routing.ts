/**
 * Migrating the previous version's `Router` (id `router`: `{ rules: { [taskType]: [{ taskType,
 * target: { kind: 'agent', agentId } | { kind: 'role', role }, requiredCapabilities, priority,
 * setBy, updatedAt }] } }`) to the router of this version (id `routing`): `convertRouter` is
 * the pure converter, `migrateRouter` applies it — the new router keeps each rule no rule of
 * its own has the task type and target of — and then removes the old state. Safe to run
 * again. Dropped and reported: rules with a malformed target, a target agent id that is not
 * valid, a task type over 256 characters, rules past `limits.routingRules`.
 */
import type { ActorSystem } from '../../../src/kernel/index.js';
import { isId } from '../ids.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import {
  asObject,
  type MigrationReport,
  readOld,
  type StoredStates,
  shown,
  strings,
  text,
  timeOf,
} from '../tasks/old-states.js';
import { MAX_PRIORITY, routerOf } from './api.js';
import type { RouteTarget, RoutingRule } from './routing-rule.js';

export const OLD_ROUTER_ID = 'router';

export interface RouterConversion {
  readonly rules: readonly RoutingRule[];
  readonly dropped: readonly string[];
}

function targetOf(value: unknown): RouteTarget | null {
  const target = asObject(value);
  if (target?.kind === 'agent' && isId(target.agentId)) return { kind: 'agent', agentId: target.agentId };
  const role = text(target?.role);
  if (target?.kind === 'role' && role.length > 0 && role.length <= 256) return { kind: 'role', role };
  return null;
}

/** The rules of an old `Router` state. */
export function convertRouter(
  state: unknown,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): RouterConversion {
  const dropped: string[] = [];
  const rules: RoutingRule[] = [];
  for (const [, list] of Object.entries(asObject(asObject(state)?.rules) ?? {})) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const old = asObject(raw);
      const taskType = text(old?.taskType);
      const target = targetOf(old?.target);
      if (!old || !target || taskType.length === 0 || taskType.length > 256) {
        dropped.push(
          `a rule for "${shown(taskType)}": its task type or target is not one this version takes`,
        );
        continue;
      }
      if (rules.length >= limits.routingRules) {
        dropped.push(
          `a rule for "${shown(taskType)}": past the ${limits.routingRules} rules the router holds`,
        );
        continue;
      }
      const setBy = text(old.setBy);
      const priority = Math.trunc(timeOf(old.priority, 0));
      rules.push({
        taskType,
        target,
        requiredCapabilities: [
          ...new Set(strings(old.requiredCapabilities).filter((c) => c.length > 0 && c.length <= 128)),
        ],
        priority: Math.max(-MAX_PRIORITY, Math.min(MAX_PRIORITY, priority)),
        setBy: isId(setBy) ? setBy : null,
        updatedAt: timeOf(old.updatedAt, now),
      });
    }
  }
  return { rules, dropped };
}

/** Move the old router's rules into the router, then remove it; `null` when there is none. */
export async function migrateRouter(
  system: ActorSystem,
  stored: StoredStates,
  now: number,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<MigrationReport | null> {
  const old = await readOld(stored, OLD_ROUTER_ID, 'Router');
  if (!old) return null;
  const { rules, dropped } = convertRouter(old.state, now, limits);
  const router = await routerOf(system);
  const migrated = await router.ask<number>({ type: 'restore', rules, max: limits.routingRules });
  const removed = await stored.removeStored(OLD_ROUTER_ID);
  return { from: OLD_ROUTER_ID, migrated, existing: rules.length - migrated, dropped, removed };
}
