/**
 * A message between agents as the domain keeps it, and the tables that hold inboxes and
 * traffic — their keys in one place. The recipient's agent actor writes them all in the turn
 * that delivers (`inbox-turns.ts`); the facade reads them on the main thread. Pure data.
 *
 *   inbox         [agent, generation, bucket, seq]            → StoredMessage
 *                 bucket 0 = urgent, 1 = normal: key order is "urgent first, then oldest"
 *   inbox-expiry  [agent, generation, expiresAt, bucket, seq] → 0   (messages with a TTL)
 *   traffic       [sender, sentAt, recipient, seq]            → TrafficEntry
 *
 * `generation` is the agent's registration: a new registration of a deregistered id reads
 * only its own generation, while the old one is purged in the background. `seq` counts the
 * agent's inbox across generations, so a message id (`msg-<seq>-<random>`) names its entry.
 */

/** How a message came: sent by an agent, broadcast as a system event, a call for help, or a domain notice. */
export type MessageVia = 'send' | 'broadcast' | 'request-assistance' | 'notice';

export interface MessageRecord {
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

/** As kept in the inbox table: with its content's size and how it came. */
export interface StoredMessage extends MessageRecord {
  readonly bytes: number;
  readonly via: MessageVia;
}

/** One delivered message in the traffic log (the inbox key is `[recipient, generation, bucket, seq]`). */
export interface TrafficEntry {
  readonly messageId: string;
  readonly generation: number;
  readonly urgent: boolean;
  readonly via: MessageVia;
}

export const INBOX_TABLE = 'inbox';
export const INBOX_EXPIRY_TABLE = 'inbox-expiry';
export const TRAFFIC_TABLE = 'traffic';

export const URGENT_BUCKET = 0;
export const NORMAL_BUCKET = 1;
export const bucketOf = (urgent: boolean) => (urgent ? URGENT_BUCKET : NORMAL_BUCKET);

export function inboxKey(agentId: string, generation: number, urgent: boolean, seq: number) {
  return [agentId, generation, bucketOf(urgent), seq] as const;
}

export function expiryKey(
  agentId: string,
  generation: number,
  expiresAt: number,
  urgent: boolean,
  seq: number,
) {
  return [agentId, generation, expiresAt, bucketOf(urgent), seq] as const;
}

export function trafficKey(sender: string, sentAt: number, recipient: string, seq: number) {
  return [sender, sentAt, recipient, seq] as const;
}

const MESSAGE_ID = /^msg-(\d{1,15})-[0-9a-f]{10}$/;

export function messageIdOf(seq: number, random: string): string {
  return `msg-${seq}-${random}`;
}

/** The inbox seq a message id names, or `null` for an id of another shape (a migrated message's). */
export function seqOfMessageId(messageId: string): number | null {
  const match = MESSAGE_ID.exec(messageId);
  return match ? Number(match[1]) : null;
}

/** The public record: without the bookkeeping. */
export function publicMessage(stored: StoredMessage): MessageRecord {
  const { bytes: _bytes, via: _via, ...record } = stored;
  return record;
}

/** Has it expired at `now`? */
export function isExpired(message: MessageRecord, now: number): boolean {
  return message.expiresAt !== null && message.expiresAt <= now;
}

/** The size a content is measured by (and capped by `messageBytes`): its JSON text in UTF-8. */
export function contentBytes(content: unknown): number {
  return Buffer.byteLength(JSON.stringify(content ?? null) ?? 'null', 'utf8');
}
