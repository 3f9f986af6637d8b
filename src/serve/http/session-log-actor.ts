/**
 * `HttpSessionLog`: the durable actor of one Streamable HTTP session
 * (`http-session:<session id>`). It keeps what a restarted troupe needs to bring the session
 * back — the client's `initialize` request — in the `http-sessions` table:
 * `[sessionId]` → `{ initialize, createdAt }`, written in its `init`. `end` removes it and
 * stops the actor (the session was deleted or reaped).
 *
 * The SSE events of the session's streams are not written here: the main thread writes them
 * (`event-store.ts`, the `http-events` table's only writer), so that storing an event before
 * it goes out costs a commit, not also a round trip to a worker thread. It owns no HTTP.
 */
import { defineActor, stop } from '../../kernel/index.js';

export const HTTP_SESSIONS_TABLE = 'http-sessions';

export interface StoredSession {
  /** The client's `initialize` request, as it sent it. */
  readonly initialize: unknown;
  readonly createdAt: number;
}

export interface SessionLogArgs {
  readonly sessionId: string;
  readonly initialize: unknown;
}

export type SessionLogMsg =
  /** Remove the session's record, then stop (a tell: nobody waits for it). */
  { readonly type: 'end' };

interface SessionLogState {
  readonly sessionId: string;
}

export const HttpSessionLog = defineActor<SessionLogMsg, SessionLogState, SessionLogArgs>({
  module: import.meta.url,
  name: 'HttpSessionLog',
  immutableState: true,
  init: ({ sessionId, initialize }, ctx) => {
    const session: StoredSession = { initialize, createdAt: ctx.now() };
    ctx.table<StoredSession>(HTTP_SESSIONS_TABLE).put([sessionId], session);
    return { sessionId };
  },
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'end': {
        ctx.table(HTTP_SESSIONS_TABLE).remove([state.sessionId]);
        return stop('normal', state);
      }
    }
  },
});
