/**
 * The SDK's `EventStore` for one Streamable HTTP session: each SSE event gets the next seq of
 * the session and is kept in its `EventLog` (`event-logs.ts`: the store's `http-events` table,
 * or this process's memory with `--durability memory`) before it goes out on the stream — the
 * SDK awaits `storeEvent` first — so a client can resume a stream with `Last-Event-ID`, in the
 * store's case even after troupe restarts.
 *
 * Event ids are `<streamId>@<seq>`, so the stream of an id is known without a lookup, and
 * they stay valid across a restart (a session brought back continues after its highest
 * stored seq: `readEventBounds`). A stream's priming event (an empty message that only marks
 * its start) is not kept: its id takes the highest seq handed out so far, so a resume from
 * it replays every event of its stream (all kept after it) — a tool call over SSE costs one
 * write, not two. `end` stops keeping events and removes the kept ones. The session's own
 * record (its `initialize`) is its log actor's (`session-log-actor.ts`); this file also finds
 * it again (`readStoredSession`) and lists the stored sessions (`storedSessionIds`). It owns
 * no HTTP.
 */
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ActorSystem } from '../../kernel/index.js';
import {
  type EventBounds,
  type EventLog,
  freshReads,
  HTTP_EVENTS_TABLE,
  NO_EVENTS,
  removeTableEvents,
  type StoredEvent,
} from './event-logs.js';
import { HTTP_SESSIONS_TABLE, type StoredSession } from './session-log-actor.js';

/** The actor id of a session's log. */
export const sessionLogId = (sessionId: string): string => `http-session:${sessionId}`;

/** Session ids are the transport's UUIDs; anything else never reaches the store. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const PAGE = 1_000;

export class SessionEventStore implements EventStore {
  private seq: number;
  /** Every event below this one was pruned (or never kept). */
  private oldest: number;
  private ended = false;

  constructor(
    private readonly log: EventLog,
    private readonly now: () => number,
    bounds: EventBounds = NO_EVENTS,
  ) {
    this.seq = bounds.seq;
    this.oldest = bounds.oldest;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    // A priming event, or a late answer of a session that ended: nothing to keep.
    if (!isMessage(message) || this.ended) return `${streamId}@${this.seq}`;
    const seq = ++this.seq;
    const oldest = await this.log.append(seq, { streamId, message, at: this.now() }, this.oldest);
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
    let after = parsed.seq;
    for (;;) {
      const page = await this.log.after(after, PAGE);
      for (const { seq, event } of page) {
        if (event.streamId !== parsed.streamId || !isMessage(event.message)) continue;
        await send(`${event.streamId}@${seq}`, event.message);
      }
      const last = page.at(-1);
      if (page.length < PAGE || last === undefined) return parsed.streamId;
      after = last.seq;
    }
  }

  /**
   * The session ended: keep nothing more, and remove what is kept — after every event
   * already on its way (the removal is the log's next write).
   */
  end(): Promise<void> {
    this.ended = true;
    return this.log.remove({ oldest: this.oldest, seq: this.seq });
  }
}

/** The stored events of a session nobody serves in this process, removed (a previous run's, not resumed). */
export async function removeStoredEvents(system: ActorSystem, sessionId: string): Promise<void> {
  await removeTableEvents(system, sessionId, await readEventBounds(system, sessionId));
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
