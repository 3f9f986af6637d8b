/**
 * The blocks the tool registry adds to every successful result, whatever the tool:
 *
 * - `orchestration` (seed 000): `{ coordinated: true, agent_id, session_id, timestamp,
 *   handled_by }` — `agent_id` only when this session proved it is that agent (a token in
 *   this call, or one proven earlier in the session: see `identity.ts`), `session_id` only
 *   when it names a session that exists, `handled_by` the actor that answered.
 * - `debug` (`--mode debug` only): that actor's thread, mailbox depth and status, and how
 *   long the call took.
 */
import { z } from 'zod';
import { IsoTimeSchema } from './records/time.js';

export const OrchestrationSchema = z.object({
  coordinated: z.literal(true),
  agent_id: z.string().nullable().describe('the agent this call was proven to act for, if any'),
  session_id: z.string().nullable().describe('the collaboration session the call named, if it exists'),
  timestamp: IsoTimeSchema,
  handled_by: z.string().describe('the actor that answered'),
});

export type Orchestration = z.infer<typeof OrchestrationSchema>;

export const DebugSchema = z.object({
  actor: z.string(),
  thread: z.number().nullable(),
  queue: z.number().nullable().describe("messages waiting in the actor's mailbox after the call"),
  status: z.string().nullable(),
  turn_ms: z.number().describe('how long the call took, in milliseconds'),
});

export type DebugBlock = z.infer<typeof DebugSchema>;

/** Where an actor is and how busy it is (`--mode debug`); nulls for an actor not found running. */
export type ActorProbe = (actorId: string) => Promise<{
  readonly thread: number | null;
  readonly queue: number | null;
  readonly status: string | null;
}>;
