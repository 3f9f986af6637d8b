/**
 * Presence news: what an agent actor tells the lock, task and session actors when its agent
 * goes offline (by silence, or by saying so) or deregisters — pushed, never asked — and what
 * a lock actor tells an agent actor when it grants that agent a lease. Plain data shared by
 * the areas; each receiver decides what the news means for it (a lock frees the lease, a
 * task goes back to pending, a session ends the participation).
 *
 * ```
 *   agent:<id> ── holder-gone ──────▶ lock:<sha(path)>   for each  leases-by-holder        [id, path]
 *              ── assignee-gone ────▶ task:<taskId>      for each  tasks-by-assignee       [id, taskId]
 *              ── participant-gone ─▶ session:<sid>      for each  sessions-by-participant [id, sid]
 *   lock:<sha> ── lease-granted ────▶ agent:<id>   (offline or gone: answered with holder-gone at once)
 * ```
 *
 * The agent actor reads those three index tables (their owners write them, keyed by agent id
 * first, the path or id second) in the turn its agent goes, and tells each actor named there,
 * durably with that turn's commit.
 */

import type { ActorRef } from '../../../src/kernel/index.js';
import type { TaskChanged } from '../change-events.js';

/** Why an agent is gone: offline keeps its records (it may come back), deregistered closes them. */
export type GoneReason = 'offline' | 'deregistered';

/** To `lockActorId(path)`: the holder of your lease is gone — free it. */
export interface HolderGone {
  readonly type: 'holder-gone';
  readonly agentId: string;
  readonly reason: GoneReason;
}

/** To `taskActorId(id)`: your assignee is gone — give the task back (or as the task's rules say). */
export interface AssigneeGone {
  readonly type: 'assignee-gone';
  readonly agentId: string;
  readonly reason: GoneReason;
  /** Where to announce the task's change (the agent's change watch; resource subscriptions wait on it). */
  readonly watch?: ActorRef<TaskChanged> | null;
}

/** To `sessionActorId(id)`: this participant is gone — end its participation. */
export interface ParticipantGone {
  readonly type: 'participant-gone';
  readonly agentId: string;
  readonly reason: GoneReason;
}

export type PresenceNews = HolderGone | AssigneeGone | ParticipantGone;

/** From a lock actor to `agentActorId(holder)`: the lease on `path` is now this agent's. */
export interface LeaseGranted {
  readonly type: 'lease-granted';
  readonly path: string;
  /** The lock actor's id (absent from a grant sent before tenants: derived from the path). */
  readonly lockId?: string;
}

/** The index tables the agent actor reads when its agent goes (key: [agentId, path | taskId | sessionId]). */
export const LEASES_BY_HOLDER_TABLE = 'leases-by-holder';
export const TASKS_BY_ASSIGNEE_TABLE = 'tasks-by-assignee';
export const SESSIONS_BY_PARTICIPANT_TABLE = 'sessions-by-participant';
