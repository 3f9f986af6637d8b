/**
 * The SDK's `EventStore` for one Streamable HTTP session, kept in the runtime's store (LMDB):
 * each event is written by the session's `HttpSessionLog` actor (committed before the event
 * goes out on the stream), and a resume reads the `http-events` table from the main thread.
 * Event ids are `<streamId>@<seq>`, so the stream of an id is known without a lookup, and
 * they stay valid across a restart of troupe. A stream's priming event (an empty message that
 * only marks its start) is not stored: its id takes the highest seq this session's log has
 * answered here, so a resume from it replays every event of its stream (all stored after it) —
 * a tool call over SSE costs one commit, not two. It also finds a stored session again
 * (`readStoredSession`) and lists them (`storedSessionIds`). It owns no HTTP.
 */
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { ActorRef, ActorSystem } from '../../kernel/index.js';
import {
  HTTP_EVENTS_TABLE,
  HTTP_SESSIONS_TABLE,
  type SessionLogMsg,
  type StoredEvent,
  type StoredSession,
} from './session-log-actor.js';

/** The actor id of a session's log. */
export const sessionLogId = (sessionId: string): string => `http-session:${sessionId}`;

/** Session ids are the transport's UUIDs; anything else never reaches the store. */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const STORE_TIMEOUT_MS = 10_000;
const PAGE = 1_000;

export class SessionEventStore implements EventStore {
  constructor(
    private readonly system: ActorSystem,
    private readonly sessionId: string,
    private readonly log: ActorRef<SessionLogMsg>,
  ) {}

  /** The highest seq the log answered in this process (0 after a restart: a resume then reads the session from its start). */
  private lastSeq = 0;

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    if (!isMessage(message)) return `${streamId}@${this.lastSeq}`;
    const seq = await this.log.ask<number>(
      { type: 'store', streamId, message },
      { timeoutMs: STORE_TIMEOUT_MS },
    );
    if (seq > this.lastSeq) this.lastSeq = seq;
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
        // The priming events (empty messages) only mark a stream's start: nothing to replay.
        if (value.streamId !== parsed.streamId || !isMessage(value.message)) continue;
        await send(`${value.streamId}@${String(key[1])}`, value.message);
      }
      const last = page.at(-1);
      if (page.length < PAGE || last === undefined) return parsed.streamId;
      after = [...last.key];
    }
  }
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
