/**
 * The states of a downstream server's connection, and the events it reports — plain data,
 * so that an actor can keep them in its state and a status tool can show them.
 *
 * ```
 *  missing_env   disabled            (never started: nothing to do until the config changes)
 *
 *  stopped ─start─▶ starting ─ok─▶ running ─idle_shutdown─▶ idle ─call─▶ starting
 *                     │  ▲           │ crashed / unhealthy twice
 *                failed│  │ delay     ▼
 *                     ▼  └──────── backoff ──(more than max_restarts in window)──▶ crash_loop
 *                                                        restart() ◀──────────────────┘
 * ```
 */
import type { LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import type { HealthReport } from './health-check.js';
import type { ListKind } from './server-session.js';

export type ConnectionState =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'missing_env'; readonly missing: readonly string[] }
  | { readonly kind: 'starting'; readonly since: number }
  | { readonly kind: 'running'; readonly since: number; readonly pgid?: number }
  | { readonly kind: 'idle'; readonly since: number }
  | { readonly kind: 'backoff'; readonly until: number; readonly lastError: string }
  | {
      readonly kind: 'crash_loop';
      readonly since: number;
      readonly crashesInWindow: number;
      readonly lastError: string;
      /** The last stderr lines of the last crash. */
      readonly stderr: readonly string[];
    };

export type ConnectionStateKind = ConnectionState['kind'];

export type ConnectionEvent =
  | { readonly type: 'state'; readonly server: string; readonly state: ConnectionState }
  | {
      readonly type: 'crashed';
      readonly server: string;
      readonly reason: string;
      readonly stderr: readonly string[];
    }
  | { readonly type: 'tools-changed'; readonly server: string; readonly toolHash: string }
  | { readonly type: 'list-changed'; readonly server: string; readonly list: Exclude<ListKind, 'tools'> }
  | { readonly type: 'health'; readonly server: string; readonly report: HealthReport }
  | { readonly type: 'log'; readonly server: string; readonly message: LoggingMessageNotification['params'] }
  | { readonly type: 'stderr'; readonly server: string; readonly line: string };

export type ConnectionEventListener = (event: ConnectionEvent) => void;
