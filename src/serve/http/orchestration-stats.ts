/**
 * The coordination figures the HTTP health endpoints show (seed 000's `active_agents`,
 * `coordination_stats`): agents not offline, sessions and their distinct participants,
 * counted from the domain's tables a page at a time, up to a bound — past it the counts say
 * `capped` rather than reading ten million records for a health probe.
 */
import { findAgents } from '../../../actors/coordination/agents/api.js';
import { ANONYMOUS } from '../../../actors/coordination/caller.js';
import type { Coordination } from '../../../actors/coordination/coordination.js';
import { listSessions } from '../../../actors/coordination/sessions/api.js';

/** Records read at most per count. */
const COUNT_BOUND = 10_000;

export interface OrchestrationStats {
  readonly active_agents: number;
  readonly active_sessions: number;
  readonly total_participants: number;
  /** A count stopped at its bound: the true figure is higher. */
  readonly capped: boolean;
}

export async function orchestrationStats(coordination: Coordination): Promise<OrchestrationStats> {
  const limit = coordination.limits.pageSize;
  let activeAgents = 0;
  let capped = false;
  let cursor: string | null = null;
  do {
    const page = await findAgents(
      coordination.domain,
      { statuses: ['available', 'working', 'idle', 'unresponsive'] },
      { limit, ...(cursor === null ? {} : { cursor }) },
    );
    if (!page.ok) throw new Error(page.error.message);
    activeAgents += page.value.items.length;
    cursor = page.value.next_cursor;
    if (activeAgents >= COUNT_BOUND && cursor !== null) capped = true;
  } while (cursor !== null && !capped);

  let sessions = 0;
  const participants = new Set<string>();
  cursor = null;
  let sessionsCapped = false;
  do {
    const page = await listSessions(
      coordination.system,
      ANONYMOUS,
      {},
      { limit, ...(cursor === null ? {} : { cursor }) },
      coordination.limits,
    );
    if (!page.ok) throw new Error(page.error.message);
    sessions += page.value.items.length;
    for (const session of page.value.items) for (const id of session.participantIds) participants.add(id);
    cursor = page.value.next_cursor;
    if (sessions >= COUNT_BOUND && cursor !== null) sessionsCapped = true;
  } while (cursor !== null && !sessionsCapped);
  return {
    active_agents: activeAgents,
    active_sessions: sessions,
    total_participants: participants.size,
    capped: capped || sessionsCapped,
  };
}
