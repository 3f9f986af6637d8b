/**
 * What an agent actor (`agent:<id>`) accepts: requests from the facades (each answered with
 * an `Outcome`, after the turn's commit), news from other domain actors, and its own timers
 * and continuations. One union, so the actor's switch is exhaustive. Facades build these
 * messages from validated input; nothing here validates.
 */
import type { Evaluation, Score } from '../evaluations/evaluation.js';
import type { Subscription } from '../events/subscription.js';
import type { MessageRecord, MessageVia } from '../messaging/message.js';
import type { AccessGrant } from './agent-access.js';
import type { Agent, SettableStatus } from './agent-record.js';
import type { AgentEnv } from './agent-state.js';
import type { LeaseGranted } from './presence-news.js';

export interface Registration {
  readonly name: string;
  readonly role: string;
  readonly modelType: string;
  readonly modelVersion: string;
  readonly capabilities: readonly string[];
  readonly group: string | null;
  readonly heartbeatIntervalS: number;
}

/** The answer to a registration: the record, and the secret token (given out this once). */
export interface RegisteredAgent {
  readonly agent: Agent;
  readonly token: string;
}

/** An agent as the previous version kept it, with everything it owned (migration). */
export interface AgentSeed {
  readonly agent: Agent;
  /** The stored SHA-256 of its token: the old token keeps working. */
  readonly tokenHash: string;
  /** Its inbox, oldest first, ids kept. */
  readonly messages: readonly MessageRecord[];
  /** Event types it subscribed itself to. */
  readonly subscriptions: readonly Subscription[];
  /** Role subscriptions this actor writes (those it made, or that no registered agent made). */
  readonly roleSubscriptions: readonly Subscription[];
  /** Evaluations of its contributions. */
  readonly evaluations: readonly Evaluation[];
}

export interface DeliverMsg {
  readonly type: 'deliver';
  readonly from: string;
  readonly content: unknown;
  readonly urgent: boolean;
  readonly correlationId: string | null;
  readonly ttlMs: number | null;
  /** The content's size, measured by the facade. */
  readonly bytes: number;
  readonly via: MessageVia;
  /** The inbox cap in force (`limits.inboxMessages`). */
  readonly cap: number;
}

export interface EvaluateMsg {
  readonly type: 'evaluate';
  readonly evaluatorId: string;
  readonly contributionRef: string;
  readonly evaluationCriteria: unknown;
  readonly scores: readonly Score[];
  readonly comments: string;
  readonly projectId: string | null;
}

export type AgentMsg =
  | {
      readonly type: 'register';
      readonly registration: Registration;
      readonly env: AgentEnv;
      /** Policy roles, tenant and token lifetime (none: no roles, no tenant, a token that never expires). */
      readonly access?: AccessGrant;
    }
  | { readonly type: 'restore'; readonly seed: AgentSeed; readonly env: AgentEnv }
  | { readonly type: 'deregister' }
  | { readonly type: 'heartbeat'; readonly status?: SettableStatus; readonly currentTask?: string | null }
  | { readonly type: 'update-status'; readonly status: SettableStatus }
  | { readonly type: 'authenticate'; readonly token: string }
  /** A new token (the old one stops working); answered with it. Ends a revocation. */
  | {
      readonly type: 'rotate-token';
      /** The new token's lifetime (left out: the one given at registration). */
      readonly ttlMs?: number | null;
    }
  /** The operator revokes the token: nothing works with it until a rotation. */
  | { readonly type: 'revoke-token' }
  | DeliverMsg
  /**
   * From another domain actor (a tell, no answer): an urgent notice, kept if the agent is
   * registered and its inbox has room (`cap`, by default the default `inboxMessages`).
   */
  | { readonly type: 'notice'; readonly from: string; readonly content: unknown; readonly cap?: number }
  | { readonly type: 'acknowledge'; readonly messageId: string }
  | {
      readonly type: 'subscribe' | 'unsubscribe';
      readonly eventTypes: readonly string[];
      /** Subscribe this role instead of the agent itself. */
      readonly role: string | null;
      readonly cap: number;
    }
  | EvaluateMsg
  | LeaseGranted
  /** Own timer: judge the silence. */
  | { readonly type: 'liveness'; readonly dueAt: number }
  /** Own timer: drop expired messages. */
  | { readonly type: 'expire'; readonly dueAt: number }
  /** Own continuation: push more presence news, purge more closed records. */
  | { readonly type: 'continue' };
