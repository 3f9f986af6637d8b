/**
 * What a session actor (`session:<id>`) accepts and keeps: the facade's requests (each
 * answered with an `Outcome`), its sweep timer, a migrated session, and presence news from
 * agent actors — one union, so its switch is exhaustive — and its small state (the record,
 * a key count, the next expiry; the values are in the `session-values` table).
 */
import type { Caller } from '../caller.js';
import type { ParticipantGone } from './participant-gone.js';
import type { SessionRecord, SessionValue } from './session-record.js';

/** A session and the values a read asked for. */
export interface SessionContents {
  readonly session: SessionRecord;
  readonly keyCount: number;
  readonly values: readonly SessionValue[];
}

export interface NewSession {
  readonly title: string;
  readonly description: string;
  readonly coordinatorId: string | null;
  readonly participantIds: readonly string[];
  readonly open: boolean;
  /** The creator's tenant (null: the default tenant). */
  readonly tenantId: string | null;
}

export type SessionMsg =
  | { readonly type: 'create'; readonly caller: Caller; readonly session: NewSession }
  | {
      readonly type: 'invite';
      readonly caller: Caller;
      readonly agentIds: readonly string[];
      readonly max: number;
    }
  | { readonly type: 'join'; readonly caller: Caller; readonly max: number }
  | { readonly type: 'leave'; readonly caller: Caller }
  | { readonly type: 'read'; readonly caller: Caller; readonly keys?: readonly string[] }
  | {
      readonly type: 'write';
      readonly caller: Caller;
      readonly key: string;
      readonly value: unknown;
      readonly expectedVersion?: number;
      readonly ttlMs?: number;
      readonly maxKeys: number;
    }
  /** The sweep timer: drop expired values. */
  | { readonly type: 'expire' }
  /** A migrated session with its values (answered `true` when written, `false` when it existed). */
  | { readonly type: 'restore'; readonly session: SessionRecord; readonly values: readonly SessionValue[] }
  | ParticipantGone;

export interface SessionState {
  readonly record: SessionRecord | null;
  /** Keys held in `session-values`, expired ones included until swept. */
  readonly keyCount: number;
  /** When the sweep timer fires next (epoch ms), if set. */
  readonly nextExpiry: number | null;
}
