/**
 * The records the store keeps, as plain data, declared in one place.
 *
 * Each record is encoded by msgpackr (records with shared structures) — the same module
 * instance as the thread codec, so the `ActorRef` extension applies: a ref in a state or a
 * message comes back as a live ref. Otherwise only plain data: objects, arrays, primitives,
 * `Map`s, `Date`s, bytes (`Uint8Array` comes back as a `Buffer`). Other class instances lose
 * their class. The store does not interpret `state` or `message`.
 *
 * These are the records as the runtime reads and writes them; an actor record and a timer are
 * kept on disk in a smaller shape (`stored-actor.ts`, `kinds.ts`, `stored-timer.ts`).
 */
import type { ReplyTo } from '../actor/context.js';
import type { SpawnSpec } from '../actor/spawn-spec.js';
import type { ErrorRecord } from '../errors.js';

export type { SuspensionRecord } from '../supervision/suspension.js';

/** One actor: how to recreate it and the state it last committed. Keyed by `spec.id`. */
export interface ActorRecord {
  readonly spec: SpawnSpec;
  /** `undefined` until init has run. */
  readonly state: unknown;
  readonly initialized: boolean;
  /** Behaviour version the state was written with. */
  readonly version: number;
  /** Its position among its parent's children (a `Sequence` value). */
  readonly spawnSeq: number;
}

/** Inbox entries are ordered by actor, then by sequence number. */
export type InboxKey = readonly [actorId: string, seq: number];

/** One message waiting in a durable inbox. */
export interface InboxRecord {
  readonly message: unknown;
  readonly replyTo: ReplyTo | null;
  /** Idempotency key of an external tell, if it had one. */
  readonly messageId: string | null;
  /** Timer firings folded into this one while the actor was away. */
  readonly missed: number;
  /** Failed attempts at it so far (written when one fails, so they count after any reload). */
  readonly attempts?: number;
}

export interface InboxEntry {
  readonly key: InboxKey;
  readonly value: InboxRecord;
}

/** Dead letters are ordered by actor, then by the inbox seq the message had. */
export type DeadLetterKey = readonly [actorId: string, seq: number];

/**
 * A quarantined message, set aside (never deleted) by the same commit that took it out of
 * its actor's inbox: the operator lists, replays or discards it (`system.deadLetters()`).
 */
export interface DeadLetterRecord {
  readonly message: unknown;
  /** The error of its last failed attempt. */
  readonly error: ErrorRecord;
  readonly attempts: number;
  /** When it was quarantined (epoch ms, the system's clock). */
  readonly at: number;
}

export interface DeadLetterEntry {
  readonly key: DeadLetterKey;
  readonly value: DeadLetterRecord;
}

/** A durable timer: at `dueAt` (ms since the epoch), `message` goes to the actor's inbox. */
export interface TimerRecord {
  readonly actorId: string;
  /** Unique per actor: setting a timer with the same key replaces it. */
  readonly key: string;
  /** Thread that fires it (the actor's home thread). */
  readonly thread: number;
  readonly dueAt: number;
  /** Period in ms for a repeating timer, `null` for a one-shot. */
  readonly every: number | null;
  readonly message: unknown;
}

/** Cheap shape check of a decoded actor record: bytes that decode to something else are corrupt. */
export function isActorRecord(value: unknown): value is ActorRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<Record<keyof ActorRecord, unknown>>;
  const spec = record.spec as { id?: unknown } | null | undefined;
  return (
    typeof spec === 'object' &&
    spec !== null &&
    typeof spec.id === 'string' &&
    typeof record.initialized === 'boolean' &&
    typeof record.version === 'number' &&
    typeof record.spawnSeq === 'number'
  );
}
