/**
 * A collaboration session as plain data — title, description, coordinator, participants,
 * invitations, whether anyone may join — and its shared values, each with a version (a write
 * naming another `expected_version` is refused `version_conflict`) and an optional expiry;
 * with the rules that are pure data: who may read, write, invite and join.
 *
 *   create ─► participants = coordinator + creator + participant_model_ids
 *   join   ─► allowed when invited by the coordinator, when the session is open, or for the coordinator
 *   leave  ─► a participant leaves (its values stay); a deregistered agent is removed by push
 *
 * Values are read and written by participants only (and the operator). The session actor
 * (session-actor.ts) keeps a session; this module owns no state.
 */
import type { Caller } from '../caller.js';
import type { Tenanted } from '../tenancy.js';

export interface SessionRecord extends Tenanted {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Who invites; `null` once the coordinator deregistered. */
  readonly coordinatorId: string | null;
  readonly participantIds: readonly string[];
  /** Invited by the coordinator, not joined yet. */
  readonly invitedIds: readonly string[];
  /** Anyone registered may join. */
  readonly open: boolean;
  /** The agent that created it (`null`: the operator, or a session older than identities). */
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One shared value. */
export interface SessionValue {
  readonly key: string;
  readonly value: unknown;
  /** 1 for the first write of the key, one more for each write after. */
  readonly version: number;
  readonly updatedBy: string | null;
  readonly updatedAt: number;
  /** Epoch ms after which the value is gone; `null`: never. */
  readonly expiresAt: number | null;
}

/** What an agent is to a session, as the `sessions-by-participant` table says. */
export type SessionRole = 'coordinator' | 'participant' | 'invited';

export interface Membership {
  readonly roles: readonly SessionRole[];
}

export function rolesOf(session: SessionRecord, agentId: string): SessionRole[] {
  const roles: SessionRole[] = [];
  if (session.coordinatorId === agentId) roles.push('coordinator');
  if (session.participantIds.includes(agentId)) roles.push('participant');
  if (session.invitedIds.includes(agentId)) roles.push('invited');
  return roles;
}

export function isParticipant(session: SessionRecord, caller: Caller): boolean {
  switch (caller.kind) {
    case 'operator':
      return true;
    case 'agent':
      return session.participantIds.includes(caller.agentId);
    case 'anonymous':
      return false;
  }
}

export function isCoordinator(session: SessionRecord, caller: Caller): boolean {
  switch (caller.kind) {
    case 'operator':
      return true;
    case 'agent':
      return session.coordinatorId === caller.agentId;
    case 'anonymous':
      return false;
  }
}

/** May `agentId` join (it is invited, the session is open, or it coordinates)? */
export function mayJoin(session: SessionRecord, agentId: string): boolean {
  return session.open || session.invitedIds.includes(agentId) || session.coordinatorId === agentId;
}

export function isLive(value: SessionValue, now: number): boolean {
  return value.expiresAt === null || value.expiresAt > now;
}

/** The session without `agentId` in any role (it left for good: deregistered). */
export function withoutAgent(session: SessionRecord, agentId: string, now: number): SessionRecord {
  return {
    ...session,
    coordinatorId: session.coordinatorId === agentId ? null : session.coordinatorId,
    participantIds: session.participantIds.filter((id) => id !== agentId),
    invitedIds: session.invitedIds.filter((id) => id !== agentId),
    updatedAt: now,
  };
}
