/**
 * Who can hold work: the registered agents that are not offline. Locks and tasks ask this
 * to let go of what a departed agent held (leases free, tasks back to pending).
 */
import type { ActorContext, ActorRef, Outcome } from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import type { RegistryMsg } from './registry.js';

export async function presentAgents(
  registry: ActorRef<RegistryMsg>,
  ctx: ActorContext<unknown>,
): Promise<ReadonlySet<string>> {
  const found = await ctx.ask<Outcome<Agent[]>>(registry, { type: 'find', filter: {} });
  if (!found.ok) return new Set();
  return new Set(found.value.filter((a) => a.status !== 'offline').map((a) => a.id));
}
