/**
 * `SessionBoard`: collaboration sessions — participants, a coordinator, and a shared state
 * of keyed values, each with a version for optimistic updates (a write naming the wrong
 * `expectedVersion` is refused with `version_conflict`) and an optional TTL. Tokens are
 * checked with the registry; domain errors are typed answers.
 */
import { randomUUID } from 'node:crypto';
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import type { RegistryMsg } from './registry.js';

export interface SharedValue {
  readonly value: unknown;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: number;
  readonly expiresAt: number | null;
}

export interface Session {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly coordinatorId: string;
  readonly participantIds: readonly string[];
  readonly createdAt: number;
  readonly state: Readonly<Record<string, SharedValue>>;
}

type Auth = { readonly agentId: string; readonly token: string };

export type SessionMsg =
  | (Auth & {
      readonly type: 'create';
      readonly title: string;
      readonly description: string;
      readonly participantIds: readonly string[];
    })
  | (Auth & { readonly type: 'join' | 'leave'; readonly sessionId: string })
  | (Auth & {
      readonly type: 'set';
      readonly sessionId: string;
      readonly key: string;
      readonly value: unknown;
      readonly expectedVersion?: number;
      readonly ttlS?: number;
    })
  | { readonly type: 'get'; readonly sessionId: string }
  | { readonly type: 'list'; readonly participantId?: string };

interface BoardState {
  readonly registry: ActorRef<RegistryMsg>;
  readonly sessions: Readonly<Record<string, Session>>;
}

/** A session as seen now: expired values gone. */
function current(session: Session, now: number): Session {
  const state = Object.fromEntries(
    Object.entries(session.state).filter(([, v]) => v.expiresAt === null || v.expiresAt > now),
  );
  return { ...session, state };
}

export const SessionBoard = defineActor<SessionMsg, BoardState, { readonly registry: ActorRef<RegistryMsg> }>(
  {
    module: import.meta.url,
    name: 'SessionBoard',
    // Every turn returns a new object to change the state: a read commits nothing.
    immutableState: true,
    init: ({ registry }) => ({ registry, sessions: {} }),
    receive: async (board, msg, ctx) => {
      const now = Date.now();
      if (msg.type === 'list') {
        const sessions = Object.values(board.sessions)
          .filter((s) => !msg.participantId || s.participantIds.includes(msg.participantId))
          .map((s) => current(s, now));
        return reply({ ok: true, value: sessions } satisfies Outcome<Session[]>, board);
      }
      if (msg.type === 'get') {
        const session = board.sessions[msg.sessionId];
        return reply(
          session
            ? { ok: true, value: current(session, now) }
            : refuse('not_found', `no session "${msg.sessionId}"`, 'session_id'),
          board,
        );
      }
      const who = await ctx.ask<Outcome<Agent>>(board.registry, {
        type: 'authorize',
        agentId: msg.agentId,
        token: msg.token,
      });
      if (!who.ok) return reply(who, board);
      const save = (session: Session) => ({
        ...board,
        sessions: { ...board.sessions, [session.id]: session },
      });
      if (msg.type === 'create') {
        const session: Session = {
          id: `session-${randomUUID()}`,
          title: msg.title,
          description: msg.description,
          coordinatorId: msg.agentId,
          participantIds: [...new Set([msg.agentId, ...msg.participantIds])],
          createdAt: now,
          state: {},
        };
        return reply({ ok: true, value: session } satisfies Outcome<Session>, save(session));
      }
      const found = board.sessions[msg.sessionId];
      if (!found) return reply(refuse('not_found', `no session "${msg.sessionId}"`, 'session_id'), board);
      const session = current(found, now);
      switch (msg.type) {
        case 'join': {
          const joined = {
            ...session,
            participantIds: [...new Set([...session.participantIds, msg.agentId])],
          };
          return reply({ ok: true, value: joined } satisfies Outcome<Session>, save(joined));
        }
        case 'leave': {
          const left = {
            ...session,
            participantIds: session.participantIds.filter((id) => id !== msg.agentId),
          };
          return reply({ ok: true, value: left } satisfies Outcome<Session>, save(left));
        }
        case 'set': {
          if (!session.participantIds.includes(msg.agentId)) {
            return reply(
              refuse('not_participant', `"${msg.agentId}" is not in session "${session.id}"`, 'agent_id'),
              board,
            );
          }
          const previous = session.state[msg.key];
          const version = previous?.version ?? 0;
          if (msg.expectedVersion !== undefined && msg.expectedVersion !== version) {
            return reply(
              refuse(
                'version_conflict',
                `"${msg.key}" is at version ${version}, not ${msg.expectedVersion}`,
                'expected_version',
              ),
              board,
            );
          }
          const entry: SharedValue = {
            value: msg.value,
            version: version + 1,
            updatedBy: msg.agentId,
            updatedAt: now,
            expiresAt: msg.ttlS === undefined ? null : now + msg.ttlS * 1000,
          };
          const updated = { ...session, state: { ...session.state, [msg.key]: entry } };
          return reply({ ok: true, value: updated } satisfies Outcome<Session>, save(updated));
        }
      }
    },
  },
);
