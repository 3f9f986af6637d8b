/**
 * The session tools: `create_collaboration_session`, `join_session`, `leave_session`,
 * `get_session_state`, `set_session_state`, `list_sessions` — messages to the `SessionBoard`.
 */
import { z } from 'zod';
import type { Session, SessionMsg } from '../../../actors/coordination/sessions.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { SessionRecordSchema, sessionRecord } from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const one = { session: SessionRecordSchema };
const withSession = (session: Session) => ({ session: sessionRecord(session) });

export function registerSessionTools(tools: ToolRegistry, board: ActorRef<SessionMsg>): void {
  const answer = answerer(board);
  const handledBy = board.id;
  tools.register(
    'create_collaboration_session',
    {
      description: 'Open a session with participants; the calling agent coordinates it.',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        title: z.string().min(1),
        description: z.string(),
        participant_ids: z.array(Id),
        session_id: Id.optional().describe('the session this call is made from (not the new one)'),
      },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'create',
          agentId: args.agent_id,
          token: args.agent_token,
          title: args.title,
          description: args.description,
          participantIds: args.participant_ids,
        },
        withSession,
      ),
  );
  for (const [name, type, description] of [
    ['join_session', 'join', 'Join a session.'],
    ['leave_session', 'leave', 'Leave a session.'],
  ] as const) {
    tools.register(
      name,
      {
        description,
        inputSchema: { agent_id: Id, agent_token: z.string(), session_id: Id },
        outputSchema: one,
        annotations: changes({ destructive: false, idempotent: true }),
        handledBy,
        caller: 'agent_id',
      },
      (args) =>
        answer(
          { type, agentId: args.agent_id, token: args.agent_token, sessionId: args.session_id },
          withSession,
        ),
    );
  }
  tools.register(
    'set_session_state',
    {
      description:
        'Write a shared value; with expected_version the write succeeds only on that version (optimistic).',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        session_id: Id,
        key: z.string().min(1),
        value: z.unknown(),
        expected_version: z.number().int().nonnegative().optional(),
        ttl_s: z.number().positive().optional(),
      },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      answer(
        {
          type: 'set',
          agentId: args.agent_id,
          token: args.agent_token,
          sessionId: args.session_id,
          key: args.key,
          value: args.value,
          expectedVersion: args.expected_version,
          ttlS: args.ttl_s,
        },
        withSession,
      ),
  );
  tools.register(
    'get_session_state',
    {
      description: 'Read a session: participants and shared state (expired values left out).',
      inputSchema: { session_id: Id },
      outputSchema: one,
      annotations: READS,
      handledBy,
    },
    (args) => answer<Session>({ type: 'get', sessionId: args.session_id }, withSession),
  );
  tools.register(
    'list_sessions',
    {
      description: 'List sessions, optionally those an agent takes part in.',
      inputSchema: { participant_id: Id.optional() },
      outputSchema: { sessions: z.array(SessionRecordSchema) },
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<Session[]>({ type: 'list', participantId: args.participant_id }, (sessions) => ({
        sessions: sessions.map(sessionRecord),
      })),
  );
}
