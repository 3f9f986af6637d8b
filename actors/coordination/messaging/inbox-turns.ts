/**
 * The agent actor's inbox: deliver (append under the next seq, refuse over the cap), notices
 * from other domain actors, acknowledge (remove), and expiry — by a durable timer at the
 * earliest expiry, and, when the inbox is full, before refusing. Each delivered message also
 * goes into the traffic log (`traffic` [sender, at, recipient, seq]) and is announced to the
 * change watch. Everything is a few table writes: a turn costs the same with an empty inbox
 * or a full one. (Reads are the facade's, on the main thread: `messaging/inbox-reads.ts`.)
 */
import { randomBytes } from 'node:crypto';
import { type ActorContext, type Outcome, refuse, type TableKey } from '../../../src/kernel/index.js';
import type { AgentMsg, DeliverMsg } from '../agents/agent-messages.js';
import { type AgentState, announceExpired, announceMail, isRegistered } from '../agents/agent-state.js';
import {
  contentBytes,
  expiryKey,
  INBOX_EXPIRY_TABLE,
  INBOX_TABLE,
  inboxKey,
  isExpired,
  type MessageRecord,
  messageIdOf,
  publicMessage,
  type StoredMessage,
  seqOfMessageId,
  TRAFFIC_TABLE,
  type TrafficEntry,
  trafficKey,
} from './message.js';

/** Expired messages removed per turn. */
export const EXPIRE_BATCH = 1_000;
export const EXPIRY_TIMER = 'expiry';

type Ctx = ActorContext<AgentMsg>;
type Turn<T> = readonly [Outcome<T>, AgentState];

/** Put one message in the inbox (the caller checked the agent and the cap). */
function append(
  state: AgentState,
  ctx: Ctx,
  spec: Omit<DeliverMsg, 'type' | 'cap'>,
  sentAt: number,
): [StoredMessage, AgentState] {
  const seq = state.inbox.nextSeq;
  const message: StoredMessage = {
    id: messageIdOf(seq, randomBytes(5).toString('hex')),
    from: spec.from,
    to: state.agentId,
    content: spec.content,
    urgent: spec.urgent,
    correlationId: spec.correlationId,
    sentAt,
    expiresAt: spec.ttlMs === null ? null : sentAt + spec.ttlMs,
    bytes: spec.bytes,
    via: spec.via,
  };
  return [message, store(state, ctx, message, seq)];
}

/** Write a message under `seq` (a new one, or one migrated) and count it. */
function store(state: AgentState, ctx: Ctx, message: StoredMessage, seq: number): AgentState {
  const { agentId, generation } = state;
  ctx.table(INBOX_TABLE).put(inboxKey(agentId, generation, message.urgent, seq), message);
  let next: AgentState = {
    ...state,
    inbox: {
      ...state.inbox,
      nextSeq: Math.max(state.inbox.nextSeq, seq + 1),
      count: state.inbox.count + 1,
      bytes: state.inbox.bytes + message.bytes,
    },
  };
  if (message.expiresAt !== null) {
    ctx
      .table(INBOX_EXPIRY_TABLE)
      .put(expiryKey(agentId, generation, message.expiresAt, message.urgent, seq), 0);
    if (next.inbox.expiryDueAt === null || message.expiresAt < next.inbox.expiryDueAt)
      next = armExpiry(next, ctx, message.expiresAt);
  }
  return next;
}

function armExpiry(state: AgentState, ctx: Ctx, dueAt: number): AgentState {
  ctx.schedule({ at: dueAt }, { type: 'expire', dueAt }, { key: EXPIRY_TIMER });
  return { ...state, inbox: { ...state.inbox, expiryDueAt: dueAt } };
}

function uncount(state: AgentState, message: StoredMessage): AgentState {
  return {
    ...state,
    inbox: { ...state.inbox, count: state.inbox.count - 1, bytes: state.inbox.bytes - message.bytes },
  };
}

export function deliver(state: AgentState, msg: DeliverMsg, ctx: Ctx): Turn<MessageRecord> {
  if (!isRegistered(state))
    return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'recipient_id'), state];
  const now = ctx.now();
  let current = state.inbox.count >= msg.cap ? expireDue(state, ctx, now) : state;
  if (current.inbox.count >= msg.cap) {
    const why = `the inbox of "${state.agentId}" holds ${current.inbox.count} messages, its limit (inboxMessages ${msg.cap})`;
    return [refuse('inbox_full', why, 'recipient_id'), current];
  }
  const seq = current.inbox.nextSeq;
  const [message, next] = append(current, ctx, msg, now);
  if (msg.via !== 'notice') {
    const entry: TrafficEntry = {
      messageId: message.id,
      generation: next.generation,
      urgent: message.urgent,
      via: msg.via,
    };
    ctx.table(TRAFFIC_TABLE).put(trafficKey(msg.from, now, state.agentId, seq), entry);
  }
  announceMail(next, ctx, publicMessage(message), msg.via);
  current = next;
  return [{ ok: true, value: publicMessage(message) }, current];
}

/** A notice from another domain actor: urgent, kept only if the agent is registered and its inbox has room. */
export function notice(state: AgentState, from: string, content: unknown, cap: number, ctx: Ctx): AgentState {
  const spec = {
    from,
    content,
    urgent: true,
    correlationId: null,
    ttlMs: null,
    bytes: contentBytes(content),
    via: 'notice' as const,
  };
  const [, next] = deliver(state, { type: 'deliver', ...spec, cap }, ctx);
  return next;
}

/** The entry a message id names in this generation's inbox, if it is there. */
function findMessage(
  state: AgentState,
  ctx: Ctx,
  messageId: string,
): { key: TableKey; message: StoredMessage } | null {
  const inbox = ctx.table<StoredMessage>(INBOX_TABLE);
  const seq = seqOfMessageId(messageId);
  if (seq !== null) {
    for (const urgent of [true, false]) {
      const key = inboxKey(state.agentId, state.generation, urgent, seq);
      const message = inbox.get(key);
      if (message?.id === messageId) return { key, message };
    }
    return null;
  }
  // An id of another shape: a message migrated from the previous version (looked for in pages).
  let after: TableKey | undefined;
  for (;;) {
    const page = inbox.range({
      prefix: [state.agentId, state.generation],
      limit: 1_000,
      ...(after ? { after } : {}),
    });
    const found = page.find((entry) => entry.value.id === messageId);
    if (found) return { key: found.key, message: found.value };
    if (page.length < 1_000) return null;
    after = (page[page.length - 1] as { key: TableKey }).key;
  }
}

/** Remove a message (acknowledged, or expired) with its expiry entry. */
function removeMessage(state: AgentState, ctx: Ctx, key: TableKey, message: StoredMessage): AgentState {
  ctx.table(INBOX_TABLE).remove(key);
  if (message.expiresAt !== null)
    ctx
      .table(INBOX_EXPIRY_TABLE)
      .remove(
        expiryKey(state.agentId, state.generation, message.expiresAt, message.urgent, key[3] as number),
      );
  return uncount(state, message);
}

export function acknowledge(
  state: AgentState,
  messageId: string,
  ctx: Ctx,
): Turn<{ readonly messageId: string }> {
  if (!isRegistered(state))
    return [refuse('unknown_agent', `no agent "${state.agentId}" is registered`, 'agent_id'), state];
  const found = findMessage(state, ctx, messageId);
  const missing = refuse('not_found', `no message "${messageId}" waits for "${state.agentId}"`, 'message_id');
  if (!found) return [missing, state];
  const next = removeMessage(state, ctx, found.key, found.message);
  // An expired message is gone for its reader already: removed (counted as expired), and answered as not there.
  if (!isExpired(found.message, ctx.now())) return [{ ok: true, value: { messageId } }, next];
  announceExpired(next, ctx, 1);
  return [missing, next];
}

/** Remove up to a batch of the messages expired at `now` (and tell the change watch how many). */
function expireDue(state: AgentState, ctx: Ctx, now: number): AgentState {
  const due = ctx
    .table(INBOX_EXPIRY_TABLE)
    .range({ prefix: [state.agentId, state.generation], limit: EXPIRE_BATCH });
  let next = state;
  let expired = 0;
  for (const { key } of due) {
    const [, , expiresAt, bucket, seq] = key as [string, number, number, number, number];
    if (expiresAt > now) break;
    const inboxAt = [state.agentId, state.generation, bucket, seq];
    const message = ctx.table<StoredMessage>(INBOX_TABLE).get(inboxAt);
    ctx.table(INBOX_EXPIRY_TABLE).remove(key);
    if (message) {
      ctx.table(INBOX_TABLE).remove(inboxAt);
      next = uncount(next, message);
      expired++;
    }
  }
  announceExpired(next, ctx, expired);
  return next;
}

/** The expiry timer: drop what has expired, and set the timer at the next expiry. */
export function onExpiryTimer(state: AgentState, dueAt: number, ctx: Ctx): AgentState {
  if (dueAt !== state.inbox.expiryDueAt) return state;
  const now = ctx.now();
  const next = expireDue({ ...state, inbox: { ...state.inbox, expiryDueAt: null } }, ctx, now);
  const [first] = ctx
    .table(INBOX_EXPIRY_TABLE)
    .range({ prefix: [state.agentId, state.generation], limit: 1 });
  if (!first) return next;
  return armExpiry(next, ctx, Math.max(first.key[2] as number, now));
}

/** Messages migrated from the previous version, oldest first, their ids kept (the cap does not apply: nothing is lost). */
export function restoreMessages(state: AgentState, messages: readonly MessageRecord[], ctx: Ctx): AgentState {
  let next = state;
  for (const message of messages) {
    const stored: StoredMessage = {
      ...message,
      to: state.agentId,
      bytes: contentBytes(message.content),
      via: 'send',
    };
    next = store(next, ctx, stored, next.inbox.nextSeq);
  }
  return next;
}
