/**
 * The session tools on the rebuilt domain (`actors/coordination/sessions/api.ts`):
 * `create_collaboration_session` (seed 003: title, description, participant_model_ids,
 * coordinator_model_id; troupe's `open`), `invite_to_session`, `join_session`,
 * `leave_session`, `get_session_state`, `set_session_state`, `list_sessions`.
 *
 * Who may: creating, inviting, joining, leaving and writing need a proven agent (the
 * coordinator invites; joining needs its invitation, or an open session); the shared state is
 * read and written by participants only; `list_sessions` shows records, never values. The
 * facade refuses `unknown_session` / `unknown_agent` naming the argument. This file maps
 * arguments and answers only.
 */
import { z } from 'zod';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { IdSchema } from '../../../actors/coordination/ids.js';
import {
  createSession,
  getSessionState,
  inviteToSession,
  joinSession,
  leaveSession,
  listSessions,
  MAX_KEY_CHARS,
  setSessionState,
} from '../../../actors/coordination/sessions/api.js';
import { changes, READS } from '../annotations.js';
import {
  SessionRecordSchema,
  SessionStateShape,
  sessionRecordOf,
  sessionStateRecord,
  sharedValueRecord,
  WrittenValueShape,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { type Alias, aliasNote, eitherOf } from './aliases.js';
import { NextCursorSchema, PagingShape, pageOf, pageShape, resultOf } from './domain-answer.js';

const HANDLED_BY = 'sessions';
const PARTICIPANTS: Alias = { seed: 'participant_model_ids', old: 'participant_ids' };
const one = { session: SessionRecordSchema };
const withSession = (session: Parameters<typeof sessionRecordOf>[0]) => ({
  session: sessionRecordOf(session),
});

export function registerSessionTools(tools: ToolRegistry, domain: AgentsDomain): void {
  const { system, limits } = domain;
  tools.register(
    'create_collaboration_session',
    {
      description:
        'Create a collaboration session (seed 003). coordinator_model_id coordinates it (the calling agent: its token is needed once per MCP session; agent_id names the caller instead when the coordinator is another registered agent); participant_model_ids (registered agents) take part at once; others join when the coordinator invites them (invite_to_session) or, with open: true, freely. Refused unknown_agent naming the argument.' +
        aliasNote([PARTICIPANTS]),
      inputSchema: {
        title: z.string().min(1).max(512),
        description: z.string().max(limits.textChars).default(''),
        participant_model_ids: z.array(IdSchema).max(limits.sessionParticipants).optional(),
        participant_ids: z
          .array(IdSchema)
          .max(limits.sessionParticipants)
          .optional()
          .describe('older name of participant_model_ids'),
        coordinator_model_id: IdSchema.optional().describe('the coordinating agent (default: the caller)'),
        open: z.boolean().default(false).describe('anyone registered may join without an invitation'),
        agent_token: z.string().optional(),
      },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: ['agent_id', 'coordinator_model_id'],
    },
    async (args, call) => {
      const participants = eitherOf<string[]>(args, PARTICIPANTS, true);
      if (!participants.ok) return failure(participants.error);
      const outcome = await createSession(
        system,
        call.caller,
        {
          title: args.title,
          description: args.description,
          participantIds: participants.value.value,
          ...(args.coordinator_model_id !== undefined ? { coordinatorId: args.coordinator_model_id } : {}),
          open: args.open,
        },
        limits,
      );
      return resultOf(outcome, withSession, new Map([[PARTICIPANTS.seed, participants.value.used]]));
    },
  );
  tools.register(
    'invite_to_session',
    {
      description:
        "The session's coordinator invites registered agents (agent_ids); each may then join_session.",
      inputSchema: {
        agent_id: IdSchema,
        agent_token: z.string().optional(),
        session_id: IdSchema,
        agent_ids: z.array(IdSchema).min(1).max(limits.sessionParticipants),
      },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await inviteToSession(
          system,
          call.caller,
          { sessionId: args.session_id, agentIds: args.agent_ids },
          limits,
        ),
        withSession,
      ),
  );
  for (const [name, description] of [
    ['join_session', 'Join a session: invited by its coordinator, or an open one (forbidden otherwise).'],
    ['leave_session', 'Leave a session (its values stay; leaving one you are not in changes nothing).'],
  ] as const) {
    tools.register(
      name,
      {
        description,
        inputSchema: { agent_id: IdSchema, agent_token: z.string().optional(), session_id: IdSchema },
        outputSchema: one,
        annotations: changes({ destructive: false, idempotent: true }),
        handledBy: HANDLED_BY,
        caller: 'agent_id',
      },
      async (args, call) => {
        const input = { sessionId: args.session_id };
        const outcome =
          name === 'join_session'
            ? await joinSession(system, call.caller, input, limits)
            : await leaveSession(system, call.caller, input);
        return resultOf(outcome, withSession);
      },
    );
  }
  tools.register(
    'set_session_state',
    {
      description:
        'A participant writes a shared value. With expected_version the write succeeds only on that version (0: the key must not exist yet; version_conflict otherwise); with ttl_s the value expires. Bounded: too_large over the value size limit, limit_exceeded past the key limit.',
      inputSchema: {
        agent_id: IdSchema,
        agent_token: z.string().optional(),
        session_id: IdSchema,
        key: z.string().min(1).max(MAX_KEY_CHARS),
        value: z.unknown(),
        expected_version: z.number().int().nonnegative().optional(),
        ttl_s: z.number().positive().optional().describe('seconds until the value expires'),
      },
      outputSchema: WrittenValueShape,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) => {
      const outcome = await setSessionState(
        system,
        call.caller,
        {
          sessionId: args.session_id,
          key: args.key,
          value: args.value,
          ...(args.expected_version !== undefined ? { expectedVersion: args.expected_version } : {}),
          ...(args.ttl_s !== undefined ? { ttlSeconds: args.ttl_s } : {}),
        },
        limits,
      );
      return resultOf(
        outcome,
        (written) => ({ session_id: args.session_id, key: written.key, written: sharedValueRecord(written) }),
        new Map([['ttl_seconds', 'ttl_s']]),
      );
    },
  );
  tools.register(
    'get_session_state',
    {
      description:
        'A participant reads a session: its record and live shared values (all, or the keys asked for; expired ones left out). Non-participants are refused forbidden; list_sessions shows records without values.',
      inputSchema: {
        agent_id: IdSchema,
        agent_token: z.string().optional(),
        session_id: IdSchema,
        keys: z.array(z.string().min(1).max(MAX_KEY_CHARS)).max(limits.sessionKeys).optional(),
      },
      outputSchema: SessionStateShape,
      annotations: READS,
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async (args, call) =>
      resultOf(
        await getSessionState(
          system,
          call.caller,
          { sessionId: args.session_id, ...(args.keys ? { keys: args.keys } : {}) },
          limits,
        ),
        sessionStateRecord,
      ),
  );
  tools.register(
    'list_sessions',
    {
      description:
        'Session records (never their values), all or those participant_id takes part in, a page at a time (next_cursor).',
      inputSchema: { participant_id: IdSchema.optional(), ...PagingShape },
      outputSchema: { sessions: z.array(SessionRecordSchema), next_cursor: NextCursorSchema },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async (args, call) =>
      resultOf(
        await listSessions(
          system,
          call.caller,
          args.participant_id !== undefined ? { participantId: args.participant_id } : {},
          pageOf(args),
          limits,
        ),
        pageShape('sessions', sessionRecordOf),
      ),
  );
}
