/**
 * The session tables, written by a session actor in the turn that changes it:
 *
 *   sessions                 [id]           → the session record (no values)
 *   sessions-by-participant  [agent, id]    → { roles }  coordinator, participant and/or invited
 *   session-values           [id, key]      → the shared value (version, writer, expiry)
 *
 * An agent actor that deregisters reads `sessions-by-participant` [agent] and tells each
 * session `participant-gone`. Values live in a table, not in the actor's state, so a write
 * costs one entry whatever the number of keys.
 */
import type { ActorContext } from '../../../src/kernel/index.js';
import { type Membership, rolesOf, type SessionRecord } from './session-record.js';

export const SESSIONS_TABLE = 'sessions';
export const SESSIONS_BY_PARTICIPANT_TABLE = 'sessions-by-participant';
export const SESSION_VALUES_TABLE = 'session-values';

function membersOf(session: SessionRecord | null): Set<string> {
  if (!session) return new Set();
  const members = new Set([...session.participantIds, ...session.invitedIds]);
  if (session.coordinatorId !== null) members.add(session.coordinatorId);
  return members;
}

/** Write the record and the membership entries that changed between `before` (null: new) and `after`. */
export function writeSessionIndexes(
  ctx: ActorContext<unknown>,
  before: SessionRecord | null,
  after: SessionRecord,
): void {
  ctx.table<SessionRecord>(SESSIONS_TABLE).put([after.id], after);
  const index = ctx.table<Membership>(SESSIONS_BY_PARTICIPANT_TABLE);
  const agents = new Set([...membersOf(before), ...membersOf(after)]);
  for (const agentId of agents) {
    const was = before ? rolesOf(before, agentId) : [];
    const is = rolesOf(after, agentId);
    if (was.join() === is.join()) continue;
    if (is.length === 0) index.remove([agentId, after.id]);
    else index.put([agentId, after.id], { roles: is });
  }
}
