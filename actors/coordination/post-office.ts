/**
 * `PostOffice`: messaging between agents. It checks the sender's (or reader's) token with
 * the registry, keeps one durable `AgentInbox` child per recipient, and answers a send only
 * once the message is committed to the recipient's inbox (the send and the deliver are one
 * commit of this actor's turn). A broadcast is the same send to each of the recipients its
 * caller chose (the event subscriptions choose them for `broadcast_system_event`); a request
 * for assistance, to every capable agent the registry finds. Domain errors are typed answers.
 *
 * Every message put in an inbox is also told, as a `posted` event, to the observers set
 * with `observe` (the change watch, the traffic counter); they are told with the same commit.
 */
import { randomUUID } from 'node:crypto';
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import type { Agent, AgentFilter, AgentStatus } from './agent.js';
import { AgentInbox, type InboxMessage, type InboxMsg } from './inbox.js';
import type { PostEvent, PostPath } from './post-event.js';
import type { RegistryMsg, Responsiveness } from './registry.js';

export type PostMsg =
  | {
      readonly type: 'send';
      readonly senderId: string;
      readonly token: string;
      readonly recipientId: string;
      readonly content: unknown;
      readonly urgent?: boolean;
      readonly correlationId?: string;
      readonly ttlS?: number;
    }
  /** One message to each of these agents (the sender excepted, if named). */
  | {
      readonly type: 'broadcast';
      readonly senderId: string;
      readonly token: string;
      readonly recipientIds: readonly string[];
      readonly content: unknown;
      readonly urgent?: boolean;
      readonly ttlS?: number;
    }
  /** An urgent call to the available or idle agents with the capabilities; none → `no_agent`. */
  | {
      readonly type: 'request-assistance';
      readonly senderId: string;
      readonly token: string;
      readonly capabilities: readonly string[];
      readonly content: unknown;
      readonly ttlS?: number;
    }
  /** From another domain actor (not reachable from a tool): an urgent notice, no token. */
  | {
      readonly type: 'notice';
      readonly from: string;
      readonly recipientId: string;
      readonly content: unknown;
    }
  /** Can this recipient be reached, and what waits for it? (Read-only: no token.) */
  | { readonly type: 'recipient-status'; readonly recipientId: string }
  /** The messages kept for an agent, left unacknowledged (a read-only view: no token); `not_found` for an agent neither registered nor with mail. */
  | { readonly type: 'peek'; readonly agentId: string }
  /** Who is told of every posted message from now on (replaces the earlier list). */
  | { readonly type: 'observe'; readonly observers: readonly ActorRef<PostEvent>[] }
  | {
      readonly type: 'fetch';
      readonly agentId: string;
      readonly token: string;
      readonly since?: number;
      readonly limit?: number;
      readonly urgentOnly?: boolean;
    }
  | {
      readonly type: 'acknowledge';
      readonly agentId: string;
      readonly token: string;
      readonly messageId: string;
    };

/** The answer to `check_message_recipient_status`. */
export interface RecipientReport {
  readonly recipientId: string;
  readonly registered: boolean;
  /** Its registry status (null when it is not registered, or no longer). */
  readonly status: AgentStatus | null;
  readonly responsive: boolean;
  /** Messages kept for it: unacknowledged and not expired. */
  readonly waiting: number;
  readonly urgentWaiting: number;
  readonly oldestWaitingSentAt: number | null;
}

/** What a sender says, whoever receives it. */
interface Letter {
  readonly content: unknown;
  readonly urgent?: boolean;
  readonly correlationId?: string;
  readonly ttlS?: number;
}

function letter(from: string, to: string, spec: Letter, now: number): InboxMessage {
  return {
    id: `msg-${randomUUID()}`,
    from,
    to,
    content: spec.content,
    urgent: spec.urgent ?? false,
    correlationId: spec.correlationId ?? null,
    sentAt: now,
    expiresAt: spec.ttlS === undefined ? null : now + spec.ttlS * 1000,
  };
}

interface PostState {
  readonly registry: ActorRef<RegistryMsg>;
  /** Inboxes this office made, by agent id. */
  readonly inboxes: Readonly<Record<string, ActorRef<InboxMsg>>>;
  /** Told of every posted message (absent in states stored before observers existed). */
  readonly observers?: readonly ActorRef<PostEvent>[];
}

export const PostOffice = defineActor<PostMsg, PostState, { readonly registry: ActorRef<RegistryMsg> }>({
  module: import.meta.url,
  name: 'PostOffice',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: ({ registry }) => ({ registry, inboxes: {}, observers: [] }),
  receive: async (state, msg, ctx) => {
    const inboxOf = (id: string, known: PostState): [ActorRef<InboxMsg>, PostState] => {
      const inbox = known.inboxes[id];
      if (inbox) return [inbox, known];
      const made = ctx.spawn(AgentInbox, { id: `inbox:${id}` });
      return [made, { ...known, inboxes: { ...known.inboxes, [id]: made } }];
    };
    /** Put a message in an inbox and tell the observers, all with this turn's commit. */
    const post = (inbox: ActorRef<InboxMsg>, message: InboxMessage, via: PostPath) => {
      ctx.tell(inbox, { type: 'deliver', message });
      for (const observer of state.observers ?? []) ctx.tell(observer, { type: 'posted', via, message });
    };
    if (msg.type === 'observe') return reply(true, { ...state, observers: [...msg.observers] });
    if (msg.type === 'notice') {
      const message = letter(msg.from, msg.recipientId, { content: msg.content, urgent: true }, Date.now());
      const [inbox, next] = inboxOf(msg.recipientId, state);
      post(inbox, message, 'notice');
      return next;
    }
    if (msg.type === 'peek') {
      const inbox = state.inboxes[msg.agentId];
      if (!inbox) {
        const known = await ctx.ask<Outcome<Agent>>(state.registry, { type: 'get', agentId: msg.agentId });
        return reply(known.ok ? ({ ok: true, value: [] } satisfies Outcome<InboxMessage[]>) : known, state);
      }
      const kept = await ctx.ask<InboxMessage[]>(inbox, { type: 'fetch', limit: Number.MAX_SAFE_INTEGER });
      return reply({ ok: true, value: kept } satisfies Outcome<InboxMessage[]>, state);
    }
    if (msg.type === 'recipient-status') {
      const liveness = await ctx.ask<Outcome<Responsiveness>>(state.registry, {
        type: 'responsiveness',
        agentId: msg.recipientId,
      });
      const inbox = state.inboxes[msg.recipientId];
      const waiting = inbox
        ? await ctx.ask<InboxMessage[]>(inbox, { type: 'fetch', limit: Number.MAX_SAFE_INTEGER })
        : [];
      const report: RecipientReport = {
        recipientId: msg.recipientId,
        registered: liveness.ok,
        status: liveness.ok ? liveness.value.status : null,
        responsive: liveness.ok && liveness.value.responsive,
        waiting: waiting.length,
        urgentWaiting: waiting.filter((m) => m.urgent).length,
        oldestWaitingSentAt: waiting.length > 0 ? Math.min(...waiting.map((m) => m.sentAt)) : null,
      };
      return reply({ ok: true, value: report } satisfies Outcome<RecipientReport>, state);
    }
    const agentId = 'senderId' in msg ? msg.senderId : msg.agentId;
    const who = await ctx.ask<Outcome<Agent>>(state.registry, {
      type: 'authorize',
      agentId,
      token: msg.token,
    });
    if (!who.ok) return reply(who, state);
    /** Deliver one message per recipient; the inboxes get them with this turn's commit. */
    const deliver = (
      recipients: readonly string[],
      spec: Letter,
      via: PostPath,
    ): [InboxMessage[], PostState] => {
      const now = Date.now();
      let next = state;
      const sent = recipients.map((to) => {
        const message = letter(agentId, to, spec, now);
        const [inbox, after] = inboxOf(to, next);
        next = after;
        post(inbox, message, via);
        return message;
      });
      return [sent, next];
    };
    const others = async (filter: AgentFilter) => {
      const found = await ctx.ask<Outcome<Agent[]>>(state.registry, { type: 'find', filter });
      return found.ok ? found.value.map((a) => a.id).filter((id) => id !== agentId) : [];
    };
    switch (msg.type) {
      case 'send': {
        const message = letter(agentId, msg.recipientId, msg, Date.now());
        const [inbox, next] = inboxOf(msg.recipientId, state);
        post(inbox, message, 'send');
        return reply({ ok: true, value: message } satisfies Outcome<InboxMessage>, next);
      }
      case 'broadcast': {
        const recipients = [...new Set(msg.recipientIds)].filter((id) => id !== agentId);
        const [messages, next] = deliver(recipients, msg, 'broadcast');
        return reply({ ok: true, value: messages } satisfies Outcome<InboxMessage[]>, next);
      }
      case 'request-assistance': {
        const helpers = await others({ capabilities: msg.capabilities, statuses: ['available', 'idle'] });
        if (helpers.length === 0) {
          return reply(
            refuse(
              'no_agent',
              `no other available agent has ${msg.capabilities.join(', ') || 'any capability'}`,
              'capabilities',
            ),
            state,
          );
        }
        const [messages, next] = deliver(helpers, { ...msg, urgent: true }, 'request-assistance');
        return reply({ ok: true, value: messages } satisfies Outcome<InboxMessage[]>, next);
      }
      case 'fetch': {
        const [inbox, next] = inboxOf(msg.agentId, state);
        if (next !== state) return reply({ ok: true, value: [] } satisfies Outcome<InboxMessage[]>, next);
        const messages = await ctx.ask<InboxMessage[]>(inbox, {
          type: 'fetch',
          since: msg.since,
          limit: msg.limit,
          urgentOnly: msg.urgentOnly,
        });
        return reply({ ok: true, value: messages } satisfies Outcome<InboxMessage[]>, state);
      }
      case 'acknowledge': {
        const inbox = state.inboxes[msg.agentId];
        const found = inbox
          ? await ctx.ask<boolean>(inbox, { type: 'acknowledge', messageId: msg.messageId })
          : false;
        if (found) return reply({ ok: true, value: { messageId: msg.messageId } }, state);
        return reply(
          refuse('not_found', `no message "${msg.messageId}" waits for "${msg.agentId}"`, 'message_id'),
          state,
        );
      }
    }
  },
});
