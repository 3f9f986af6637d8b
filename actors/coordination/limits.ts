/**
 * The bounds of the coordination domain, with their defaults: every list is capped, every
 * stored value has a size limit, and each refusal names the field and the limit (codes
 * `inbox_full`, `too_large`, `limit_exceeded`). `startCoordination(system, { limits })`
 * overrides them; the README's anti-jam table lists them.
 */
import { z } from 'zod';

export const CoordinationLimitsSchema = z
  .object({
    /** Messages kept in one agent's inbox; a send beyond it is refused `inbox_full`. */
    inboxMessages: z.number().int().positive(),
    /** Encoded size of one message's content (bytes). */
    messageBytes: z.number().int().positive(),
    /** Keys in one session's shared state. */
    sessionKeys: z.number().int().positive(),
    /** Encoded size of one value: a session key's value, a task's result, a step's output (bytes). */
    valueBytes: z.number().int().positive(),
    /** Participants of one session. */
    sessionParticipants: z.number().int().positive(),
    /** Subtasks of one task. */
    subtasks: z.number().int().positive(),
    /** Length of a free text: descriptions, comments, reasons (characters). */
    textChars: z.number().int().positive(),
    /** Items of one list answer; a request for more is refused. */
    pageSize: z.number().int().positive(),
    /** Routing rules in all. */
    routingRules: z.number().int().positive(),
    /** Event subscriptions of one agent. */
    subscriptions: z.number().int().positive(),
    /** How long the traffic log (message frequency, recipient status) remembers a send (ms). */
    trafficRetentionMs: z.number().int().positive(),
  })
  .strict();

export type CoordinationLimits = z.infer<typeof CoordinationLimitsSchema>;

export const DEFAULT_LIMITS: CoordinationLimits = Object.freeze({
  inboxMessages: 10_000,
  messageBytes: 256 * 1024,
  sessionKeys: 1_000,
  valueBytes: 256 * 1024,
  sessionParticipants: 1_000,
  subtasks: 1_000,
  textChars: 64 * 1024,
  pageSize: 500,
  routingRules: 1_000,
  subscriptions: 100,
  trafficRetentionMs: 3_600_000,
});

/** The default page size of a list answer (a caller may ask for up to `pageSize`). */
export const DEFAULT_PAGE = 100;
