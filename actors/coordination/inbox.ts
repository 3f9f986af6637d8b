/**
 * `AgentInbox`: one agent's messages, durable. Messages are kept until acknowledged or
 * until their TTL runs out — also while the agent is offline or gone — and fetched oldest
 * first (urgent ones first when asked).
 */
import { defineActor, reply } from '../../src/kernel/index.js';

export interface InboxMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly content: unknown;
  readonly urgent: boolean;
  readonly correlationId: string | null;
  readonly sentAt: number;
  /** `null`: kept until acknowledged. */
  readonly expiresAt: number | null;
}

export type InboxMsg =
  | { readonly type: 'deliver'; readonly message: InboxMessage }
  | {
      readonly type: 'fetch';
      readonly since?: number;
      readonly limit?: number;
      readonly urgentOnly?: boolean;
    }
  | { readonly type: 'acknowledge'; readonly messageId: string };

type Messages = readonly InboxMessage[];

const live = (messages: Messages, now: number) =>
  messages.filter((m) => m.expiresAt === null || m.expiresAt > now);

export const AgentInbox = defineActor<InboxMsg, Messages, undefined>({
  module: import.meta.url,
  name: 'AgentInbox',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => [],
  receive: (stored, msg) => {
    const now = Date.now();
    const messages = live(stored, now);
    switch (msg.type) {
      case 'deliver':
        return messages.some((m) => m.id === msg.message.id) ? messages : [...messages, msg.message];
      case 'fetch': {
        const since = msg.since ?? Number.NEGATIVE_INFINITY;
        const chosen = messages
          .filter((m) => m.sentAt > since && (!msg.urgentOnly || m.urgent))
          .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.sentAt - b.sentAt)
          .slice(0, msg.limit ?? 100);
        return reply(chosen, messages);
      }
      case 'acknowledge': {
        const found = messages.some((m) => m.id === msg.messageId);
        return reply(found, found ? messages.filter((m) => m.id !== msg.messageId) : messages);
      }
    }
  },
});
