/**
 * The session tools: `create_collaboration_session`, `join_session`, `leave_session`,
 * `get_session_state`, `set_session_state`, `list_sessions` — messages to the `SessionBoard`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Session, SessionMsg } from '../../../actors/coordination/sessions.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { answerer, OrchestrationSchema, orchestration } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const SessionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  coordinatorId: z.string(),
  participantIds: z.array(z.string()),
  createdAt: z.number(),
  state: z.record(
    z.string(),
    z.object({
      value: z.unknown(),
      version: z.number(),
      updatedBy: z.string(),
      updatedAt: z.number(),
      expiresAt: z.number().nullable(),
    }),
  ),
});

export function registerSessionTools(server: McpServer, board: ActorRef<SessionMsg>): void {
  const answer = answerer(board);
  const by = board.id;
  /** The orchestration names the session acted on (`create_collaboration_session`: the one called from, if any). */
  const withSession = (args: { agent_id?: string; session_id?: string }) => (session: Session) => ({
    session,
    orchestration: orchestration(by, args),
  });
  server.registerTool(
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
      outputSchema: { session: SessionSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: false }),
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
        withSession(args),
      ),
  );
  for (const [name, type, description] of [
    ['join_session', 'join', 'Join a session.'],
    ['leave_session', 'leave', 'Leave a session.'],
  ] as const) {
    server.registerTool(
      name,
      {
        description,
        inputSchema: { agent_id: Id, agent_token: z.string(), session_id: Id },
        outputSchema: { session: SessionSchema, orchestration: OrchestrationSchema },
        annotations: changes({ destructive: false, idempotent: true }),
      },
      (args) =>
        answer(
          { type, agentId: args.agent_id, token: args.agent_token, sessionId: args.session_id },
          withSession(args),
        ),
    );
  }
  server.registerTool(
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
      outputSchema: { session: SessionSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: false }),
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
        withSession(args),
      ),
  );
  server.registerTool(
    'get_session_state',
    {
      description: 'Read a session: participants and shared state (expired values left out).',
      inputSchema: { session_id: Id },
      outputSchema: { session: SessionSchema },
      annotations: READS,
    },
    (args) => answer<Session>({ type: 'get', sessionId: args.session_id }, (session) => ({ session })),
  );
  server.registerTool(
    'list_sessions',
    {
      description: 'List sessions, optionally those an agent takes part in.',
      inputSchema: { participant_id: Id.optional() },
      outputSchema: { sessions: z.array(SessionSchema) },
      annotations: READS,
    },
    (args) =>
      answer<Session[]>({ type: 'list', participantId: args.participant_id }, (sessions) => ({
        sessions,
      })),
  );
}
