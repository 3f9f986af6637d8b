/**
 * Whether a lease's holder is still there. An agent that goes offline or deregisters gives
 * its leases back: its actor pushes `holder-gone` to each lock (`agents/departure.ts`), a
 * moment later. The agents table says it from the very commit that changed the agent, so
 * the lock actor (ending the lease at its next turn) and the readers (`listFileLocks`,
 * `checkFileLock`) never show a lease of an absent holder as held in between.
 *
 * It does not end leases (`lock-turn.ts`) nor decide what "offline" means (`agents/`).
 */
import type { TableKey } from '../../../src/kernel/index.js';
import type { AgentSummary } from '../agents/agent-record.js';

/** Read access to the `agents` table (an actor's `ctx.table`, or `system.table` on the main thread). */
export interface AgentsReader {
  get(key: TableKey): AgentSummary | undefined;
}

/** Registered and not offline. */
export function isHolderPresent(agents: AgentsReader, holder: string): boolean {
  const agent = agents.get([holder]);
  return agent !== undefined && agent.status !== 'offline';
}
