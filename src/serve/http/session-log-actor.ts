/**
 * `HttpSessionLog`: the durable actor of one Streamable HTTP session
 * (`http-session:<session id>`). It keeps what outlives the process — the client's
 * `initialize` request, so a restarted troupe can bring the session back, and the SSE
 * events sent on its streams, so the client can resume one with `Last-Event-ID` — in two
 * tables written in its turns:
 *
 * - `http-sessions`: `[sessionId]` → `{ initialize, createdAt }`;
 * - `http-events`: `[sessionId, seq]` → `{ streamId, message, at }`, pruned on every write
 *   to the newest `maxEvents` and those younger than `maxAgeMs`.
 *
 * Its state is one session's counters, so a write costs the same with one session or a
 * thousand. `end` removes both and stops it (the session was deleted or reaped). It owns no
 * HTTP: the event store (`event-store.ts`) asks it and reads the tables.
 */
import { defineActor, stop } from '../../kernel/index.js';

export const HTTP_SESSIONS_TABLE = 'http-sessions';
export const HTTP_EVENTS_TABLE = 'http-events';

export interface StoredSession {
  /** The client's `initialize` request, as it sent it. */
  readonly initialize: unknown;
  readonly createdAt: number;
}

export interface StoredEvent {
  readonly streamId: string;
  readonly message: unknown;
  readonly at: number;
}

export interface SessionLogArgs {
  readonly sessionId: string;
  readonly initialize: unknown;
  readonly maxEvents: number;
  readonly maxAgeMs: number;
}

export type SessionLogMsg =
  /** Keep `message` as the next event of `streamId`; answers its sequence number. */
  | { readonly type: 'store'; readonly streamId: string; readonly message: unknown }
  /** Remove the session and its events, then stop (a tell: nobody waits for it). */
  | { readonly type: 'end' };

interface SessionLogState {
  readonly sessionId: string;
  readonly seq: number;
  /** The oldest sequence number that may still be in the table. */
  readonly oldest: number;
  readonly maxEvents: number;
  readonly maxAgeMs: number;
}

export const HttpSessionLog = defineActor<SessionLogMsg, SessionLogState, SessionLogArgs>({
  module: import.meta.url,
  name: 'HttpSessionLog',
  immutableState: true,
  init: ({ sessionId, initialize, maxEvents, maxAgeMs }, ctx) => {
    const session: StoredSession = { initialize, createdAt: ctx.now() };
    ctx.table<StoredSession>(HTTP_SESSIONS_TABLE).put([sessionId], session);
    return { sessionId, seq: 0, oldest: 1, maxEvents, maxAgeMs };
  },
  receive: (state, msg, ctx) => {
    const events = ctx.table<StoredEvent>(HTTP_EVENTS_TABLE);
    switch (msg.type) {
      case 'store': {
        const now = ctx.now();
        const seq = state.seq + 1;
        events.put([state.sessionId, seq], { streamId: msg.streamId, message: msg.message, at: now });
        // Prune from the oldest: past the count, or older than the age.
        let oldest = state.oldest;
        while (oldest <= seq) {
          const event = events.get([state.sessionId, oldest]);
          const tooMany = seq - oldest + 1 > state.maxEvents;
          if (event !== undefined && !tooMany && now - event.at <= state.maxAgeMs) break;
          if (event !== undefined) events.remove([state.sessionId, oldest]);
          oldest++;
        }
        ctx.reply(seq);
        return { ...state, seq, oldest };
      }
      case 'end': {
        for (let seq = state.oldest; seq <= state.seq; seq++) events.remove([state.sessionId, seq]);
        ctx.table(HTTP_SESSIONS_TABLE).remove([state.sessionId]);
        return stop('normal', state);
      }
    }
  },
});
