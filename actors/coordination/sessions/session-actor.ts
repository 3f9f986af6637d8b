/**
 * `SessionActor` (`session:<id>`): one collaboration session — its record in state, its
 * shared values in the `session-values` table (session-indexes.ts), each write committed
 * with the turn. It checks who may read, write, invite and join (session-record.ts); the
 * facade (api.ts) has checked the input, that the session exists and that the agents it
 * names are registered. Expired values are never answered and are swept by one durable timer
 * set at the earliest expiry. An agent actor tells it `participant-gone` (on deregistration it
 * ends the agent's participation; an agent only offline keeps its place).
 *
 * It is spawned blank and made by `create` (or `restore`, from a migrated session).
 */
import { defineActor, type ReceiveResult, refuse, reply } from '../../../src/kernel/index.js';
import { tenantField } from '../tenancy.js';
import { SESSION_VALUES_TABLE, writeSessionIndexes } from './session-indexes.js';
import type { SessionContents, SessionMsg, SessionState } from './session-messages.js';
import {
  isCoordinator,
  isLive,
  isParticipant,
  mayJoin,
  type SessionRecord,
  type SessionValue,
  withoutAgent,
} from './session-record.js';
import { type Ctx, ok, sweep, valuesOf, write } from './session-values.js';

export type { NewSession, SessionContents, SessionMsg, SessionState } from './session-messages.js';

const PREFIX = 'session:';

function changed(state: SessionState, after: SessionRecord, ctx: Ctx): ReceiveResult<SessionState> {
  if (state.record) writeSessionIndexes(ctx, state.record, after);
  return reply(ok(after), { ...state, record: after });
}

function handle(state: SessionState, msg: SessionMsg, ctx: Ctx): ReceiveResult<SessionState> {
  const now = ctx.now();
  const session = state.record;
  switch (msg.type) {
    case 'create': {
      if (session)
        return reply(refuse('already_exists', `session "${session.id}" exists`, 'session_id'), state);
      const creator = msg.caller.kind === 'agent' ? msg.caller.agentId : null;
      const ids = [msg.session.coordinatorId, creator, ...msg.session.participantIds].filter(
        (id): id is string => id !== null,
      );
      const record: SessionRecord = {
        id: ctx.self.id.slice(PREFIX.length),
        title: msg.session.title,
        description: msg.session.description,
        coordinatorId: msg.session.coordinatorId,
        participantIds: [...new Set(ids)],
        invitedIds: [],
        open: msg.session.open,
        createdBy: creator,
        createdAt: now,
        updatedAt: now,
        ...tenantField(msg.session.tenantId),
      };
      writeSessionIndexes(ctx, null, record);
      return reply(ok(record), { ...state, record });
    }
    case 'restore': {
      if (session) return reply(false, state);
      writeSessionIndexes(ctx, null, msg.session);
      const table = ctx.table<SessionValue>(SESSION_VALUES_TABLE);
      for (const value of msg.values) table.put([msg.session.id, value.key], value);
      return reply(true, sweep({ record: msg.session, keyCount: 0, nextExpiry: null }, msg.session.id, ctx));
    }
    case 'expire':
      return session ? sweep(state, session.id, ctx) : state;
    case 'participant-gone': {
      // An agent that is only offline may come back: it keeps its place until it deregisters.
      if (!session || msg.reason !== 'deregistered') return state;
      const after = withoutAgent(session, msg.agentId, now);
      writeSessionIndexes(ctx, session, after);
      return { ...state, record: after };
    }
    default:
      break;
  }
  if (!session)
    return reply(
      refuse('unknown_session', `no session "${ctx.self.id.slice(PREFIX.length)}"`, 'session_id'),
      state,
    );
  switch (msg.type) {
    case 'invite': {
      if (!isCoordinator(session, msg.caller))
        return reply(
          refuse('forbidden', `only the coordinator of session "${session.id}" invites`, 'session_id'),
          state,
        );
      const invited = new Set(session.invitedIds);
      for (const id of msg.agentIds) if (!session.participantIds.includes(id)) invited.add(id);
      if (invited.size > msg.max)
        return reply(
          refuse('limit_exceeded', `session "${session.id}" may hold ${msg.max} invitations`, 'agent_ids'),
          state,
        );
      return changed(state, { ...session, invitedIds: [...invited], updatedAt: now }, ctx);
    }
    case 'join': {
      if (msg.caller.kind !== 'agent')
        return reply(
          refuse('unauthorized', 'joining a session needs a proven agent identity', 'agent_token'),
          state,
        );
      const agentId = msg.caller.agentId;
      if (session.participantIds.includes(agentId)) return reply(ok(session), state);
      if (!mayJoin(session, agentId))
        return reply(
          refuse(
            'forbidden',
            `session "${session.id}" is joined by invitation of its coordinator`,
            'session_id',
          ),
          state,
        );
      if (session.participantIds.length >= msg.max)
        return reply(
          refuse(
            'limit_exceeded',
            `session "${session.id}" holds ${msg.max} participants, its limit`,
            'session_id',
          ),
          state,
        );
      return changed(
        state,
        {
          ...session,
          participantIds: [...session.participantIds, agentId],
          invitedIds: session.invitedIds.filter((id) => id !== agentId),
          updatedAt: now,
        },
        ctx,
      );
    }
    case 'leave': {
      if (msg.caller.kind !== 'agent' || !session.participantIds.includes(msg.caller.agentId))
        return reply(ok(session), state);
      const agentId = msg.caller.agentId;
      return changed(
        state,
        { ...session, participantIds: session.participantIds.filter((id) => id !== agentId), updatedAt: now },
        ctx,
      );
    }
    case 'read': {
      if (!isParticipant(session, msg.caller))
        return reply(
          refuse(
            'forbidden',
            `only the participants of session "${session.id}" read its state`,
            'session_id',
          ),
          state,
        );
      const wanted = msg.keys ? new Set(msg.keys) : null;
      const live = valuesOf(session.id, ctx).filter((v) => isLive(v, now));
      const values = wanted ? live.filter((v) => wanted.has(v.key)) : live;
      return reply(ok({ session, keyCount: live.length, values } satisfies SessionContents), state);
    }
    case 'write': {
      if (!isParticipant(session, msg.caller))
        return reply(
          refuse(
            'forbidden',
            `only the participants of session "${session.id}" write its state`,
            'session_id',
          ),
          state,
        );
      return write(state, session, msg, ctx);
    }
  }
}

export const SessionActor = defineActor<SessionMsg, SessionState>({
  module: import.meta.url,
  name: 'SessionActor',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => ({ record: null, keyCount: 0, nextExpiry: null }),
  receive: handle,
});
