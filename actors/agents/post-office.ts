/**
 * `PostOffice`: messaging between agents. It checks the sender's (or reader's) token with
 * the registry, keeps one durable `AgentInbox` child per recipient, and answers a send only
 * once the message is committed to the recipient's inbox (the send and the deliver are one
 * commit of this actor's turn). Domain errors are typed answers.
 */
import { randomUUID } from 'node:crypto';
import { type ActorRef, defineActor, reply } from '../../src/index.js';
import type { Agent, Outcome } from './agent.js';
import { AgentInbox, type InboxMessage, type InboxMsg } from './inbox.js';
import type { RegistryMsg } from './registry.js';

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

interface PostState {
  readonly registry: ActorRef<RegistryMsg>;
  /** Inboxes this office made, by agent id. */
  readonly inboxes: Readonly<Record<string, ActorRef<InboxMsg>>>;
}

export const PostOffice = defineActor<PostMsg, PostState, { readonly registry: ActorRef<RegistryMsg> }>({
  module: import.meta.url,
  name: 'PostOffice',
  init: ({ registry }) => ({ registry, inboxes: {} }),
  receive: async (state, msg, ctx) => {
    const agentId = msg.type === 'send' ? msg.senderId : msg.agentId;
    const who = await ctx.ask<Outcome<Agent>>(state.registry, {
      type: 'authorize',
      agentId,
      token: msg.token,
    });
    if (!who.ok) return reply(who, state);
    const inboxOf = (id: string): [ActorRef<InboxMsg>, PostState] => {
      const known = state.inboxes[id];
      if (known) return [known, state];
      const inbox = ctx.spawn(AgentInbox, { id: `inbox:${id}` });
      return [inbox, { ...state, inboxes: { ...state.inboxes, [id]: inbox } }];
    };
    switch (msg.type) {
      case 'send': {
        const now = Date.now();
        const message: InboxMessage = {
          id: `msg-${randomUUID()}`,
          from: msg.senderId,
          to: msg.recipientId,
          content: msg.content,
          urgent: msg.urgent ?? false,
          correlationId: msg.correlationId ?? null,
          sentAt: now,
          expiresAt: msg.ttlS === undefined ? null : now + msg.ttlS * 1000,
        };
        const [inbox, next] = inboxOf(msg.recipientId);
        ctx.tell(inbox, { type: 'deliver', message });
        return reply({ ok: true, value: message } satisfies Outcome<InboxMessage>, next);
      }
      case 'fetch': {
        const [inbox, next] = inboxOf(msg.agentId);
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
        const error = {
          code: 'not_found',
          message: `no message "${msg.messageId}" waits for "${msg.agentId}"`,
          field: 'message_id',
        } as const;
        return reply({ ok: false, error } satisfies Outcome<never>, state);
      }
    }
  },
});
