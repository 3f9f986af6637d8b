/**
 * The SDK's `EventStore` for one Streamable HTTP session, kept in the runtime's store (LMDB):
 * each SSE event is a row of the `http-events` table (`[sessionId, seq]` →
 * `{ streamId, message, at }`), written from the main thread (`system.writeTables`, grouped
 * with the other writes of its macrotask) and committed before the event goes out on the
 * stream — the SDK awaits `storeEvent` first — so a client can resume a stream with
 * `Last-Event-ID` even after troupe restarts. A resume reads the table from the main thread.
 *
 * Event ids are `<streamId>@<seq>`, so the stream of an id is known without a lookup, and
 * they stay valid across a restart (a session brought back continues after its highest
 * stored seq: `readEventBounds`). A stream's priming event (an empty message that only marks
 * its start) is not stored: its id takes the highest seq handed out so far, so a resume from
 * it replays every event of its stream (all stored after it) — a tool call over SSE costs one
 * write, not two. Each write prunes the session's events, from the oldest, to the newest
 * `maxEvents` and those younger than `maxAgeMs` (never the newest, which keeps the seq);
 * `end` stops the writes and removes what is stored. The session's own record (its
 * `initialize`) is its log actor's (`session-log-actor.ts`); this file also finds it again
 * (`readStoredSession`) and lists the stored sessions (`storedSessionIds`). It owns no HTTP.
 */
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ActorSystem, TableWriter } from '../../kernel/index.js';
import { HTTP_SESSIONS_TABLE, type StoredSession } from './session-log-actor.js';

export const HTTP_EVENTS_TABLE = 'http-events';

export interface StoredEvent {
  readonly streamId: string;
  readonly message: unknown;
  readonly at: number;
}

/** The actor id of a session's log. */
export const sessionLogId = (sessionId: string): string => `http-session:${sessionId}`;

/** Session ids are the transport's UUIDs; anything else never reaches the store. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const PAGE = 1_000;

/** How many of a session's events are kept, and for how long. */
export interface EventRetention {
  readonly maxEvents: number;
  readonly maxAgeMs: number;
  readonly now: () => number;
}

/** A session's stored events: the lowest seq that may still be stored, and the highest handed out. */
export interface EventBounds {
  readonly oldest: number;
  readonly seq: number;
}

/** A session that never stored an event. */
export const NO_EVENTS: EventBounds = { oldest: 1, seq: 0 };

export class SessionEventStore implements EventStore {
  private seq: number;
  /** Every event below this one was pruned (or never stored). */
  private oldest: number;
  private ended = false;

  constructor(
    private readonly system: ActorSystem,
    private readonly sessionId: string,
    private readonly retention: EventRetention,
    bounds: EventBounds = NO_EVENTS,
  ) {
    this.seq = bounds.seq;
    this.oldest = bounds.oldest;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    // A priming event, or a late answer of a session that ended: nothing to keep.
    if (!isMessage(message) || this.ended) return `${streamId}@${this.seq}`;
    const seq = ++this.seq;
    const event: StoredEvent = { streamId, message, at: this.retention.now() };
    const from = this.oldest;
    const oldest = await this.system.writeTables((tables) => {
      const events = tables.table<StoredEvent>(HTTP_EVENTS_TABLE);
      events.put([this.sessionId, seq], event);
      return prune(events, this.sessionId, from, seq, event.at, this.retention);
    });
    if (oldest > this.oldest) this.oldest = oldest;
    return `${streamId}@${seq}`;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return parseEventId(eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parsed = parseEventId(lastEventId);
    if (parsed === null) throw new Error(`not an event id of this server: ${lastEventId}`);
    await freshReads();
    const table = this.system.table<StoredEvent>(HTTP_EVENTS_TABLE);
    let after: (string | number)[] = [this.sessionId, parsed.seq];
    for (;;) {
      const page = table.range({ prefix: [this.sessionId], after, limit: PAGE });
      for (const { key, value } of page) {
        if (value.streamId !== parsed.streamId || !isMessage(value.message)) continue;
        await send(`${value.streamId}@${String(key[1])}`, value.message);
      }
      const last = page.at(-1);
      if (page.length < PAGE || last === undefined) return parsed.streamId;
      after = [...last.key];
    }
  }

  /**
   * The session ended: store nothing more, and remove what is stored — after every event
   * already on its way to the store (the removal is the next write of the main thread).
   */
  end(): Promise<void> {
    this.ended = true;
    return removeEvents(this.system, this.sessionId, { oldest: this.oldest, seq: this.seq });
  }
}

/** Prune from `from`: past `maxEvents`, or older than `maxAgeMs`; never `seq` itself. Returns the new oldest. */
function prune(
  events: TableWriter<StoredEvent>,
  sessionId: string,
  from: number,
  seq: number,
  now: number,
  { maxEvents, maxAgeMs }: EventRetention,
): number {
  let oldest = from;
  while (oldest < seq) {
    const event = events.get([sessionId, oldest]);
    const tooMany = seq - oldest + 1 > maxEvents;
    if (event !== undefined && !tooMany && now - event.at <= maxAgeMs) break;
    if (event !== undefined) events.remove([sessionId, oldest]);
    oldest++;
  }
  return oldest;
}

/** Remove the events of `sessionId` from `bounds.oldest` to `bounds.seq`. */
function removeEvents(system: ActorSystem, sessionId: string, bounds: EventBounds): Promise<void> {
  if (bounds.seq < bounds.oldest) return Promise.resolve();
  return system.writeTables((tables) => {
    const events = tables.table(HTTP_EVENTS_TABLE);
    for (let seq = bounds.oldest; seq <= bounds.seq; seq++) events.remove([sessionId, seq]);
  });
}

/** The stored events of a session nobody serves in this process, removed (a previous run's, not resumed). */
export async function removeStoredEvents(system: ActorSystem, sessionId: string): Promise<void> {
  await removeEvents(system, sessionId, await readEventBounds(system, sessionId));
}

/** Where a stored session's events stand (`NO_EVENTS` when it has none). */
export async function readEventBounds(system: ActorSystem, sessionId: string): Promise<EventBounds> {
  await freshReads();
  const table = system.table<StoredEvent>(HTTP_EVENTS_TABLE);
  const first = table.range({ prefix: [sessionId], limit: 1 })[0];
  const last = table.range({ prefix: [sessionId], limit: 1, reverse: true })[0];
  if (first === undefined || last === undefined) return NO_EVENTS;
  return { oldest: Number(first.key[1]), seq: Number(last.key[1]) };
}

/** The stored `initialize` request of a session, or undefined when the store does not know it. */
export async function readStoredSession(
  system: ActorSystem,
  sessionId: string,
): Promise<StoredSession | undefined> {
  if (!SESSION_ID.test(sessionId)) return undefined;
  await freshReads();
  return system.table<StoredSession>(HTTP_SESSIONS_TABLE).get([sessionId]);
}

/** Every session id in the store (those a previous run left, at start). */
export async function storedSessionIds(system: ActorSystem): Promise<string[]> {
  await freshReads();
  const table = system.table<StoredSession>(HTTP_SESSIONS_TABLE);
  const ids: string[] = [];
  let after: (string | number)[] | undefined;
  for (;;) {
    const page = table.range({ limit: PAGE, ...(after ? { after } : {}) });
    for (const { key } of page) ids.push(String(key[0]));
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return ids;
    after = [...last.key];
  }
}

function parseEventId(eventId: string): { streamId: string; seq: number } | null {
  const at = eventId.lastIndexOf('@');
  if (at <= 0) return null;
  const seq = Number(eventId.slice(at + 1));
  return Number.isSafeInteger(seq) && seq >= 0 ? { streamId: eventId.slice(0, at), seq } : null;
}

function isMessage(message: unknown): message is JSONRPCMessage {
  return typeof message === 'object' && message !== null && 'jsonrpc' in message;
}

/**
 * Let lmdb-js renew the main thread's read snapshot, so a read sees commits whose answers
 * already arrived (lmdb-js keeps a thread's read snapshot until a 0 ms timer of its own).
 */
function freshReads(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
