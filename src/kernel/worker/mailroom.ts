/**
 * The mailroom of one thread: putting messages into local mailboxes — or holding them as
 * early mail, or bringing a stored actor into memory for them, or passing them to the
 * thread a stored actor lives on — and accounting for every one that cannot be delivered
 * (dead letters, refused receipts, failed asks). Nothing is dropped without a record.
 */

import type { ReplyTo } from '../actor/context.js';
import type { RateSpec } from '../actor/mailbox.js';
import type { ActorRef } from '../actor/ref.js';
import { cellSlot } from '../actor/ref.js';
import { RingQueue } from '../actor/ring-queue.js';
import { TokenBucket } from '../actor/token-bucket.js';
import { ActorNotFoundError, MailboxFullError, RateLimitedError, toErrorRecord } from '../errors.js';
import type { DeadLetterReason, SystemEvent } from '../wire/events.js';
import { MAIN_THREAD, type WireRecord } from '../wire/wire.js';
import { type ActorCell, Envelope, type Held, type MailItem, messageOf, replyToOf } from './cell.js';
import type { Durability } from './durability.js';
import { EarlyMail } from './early-mail.js';

/** What the mailroom needs from its thread. */
export interface MailroomHost {
  readonly thread: number;
  readonly cells: Map<string, ActorCell>;
  readonly counters: { messagesReceived: number; deadLetters: number };
  readonly durability: Durability | null;
  emit(event: SystemEvent): void;
  route(thread: number, record: WireRecord): void;
  schedule(cell: ActorCell): void;
  sendReplyError(to: ReplyTo, error: Error): void;
}

export class Mailroom {
  readonly earlyMail: EarlyMail;
  private receiptsReported = 0;

  constructor(
    private readonly host: MailroomHost,
    graceMs: number,
    maxHeldPerId: number,
  ) {
    this.earlyMail = new EarlyMail(graceMs, maxHeldPerId, (id, held) => this.expireEarlyMail(id, held));
  }

  /** Tell the main thread which receipts are settled (all but those held as early mail). */
  reportReceipts(): void {
    const upTo = this.earlyMail.settledUpTo();
    if (upTo > this.receiptsReported) {
      this.receiptsReported = upTo;
      this.host.route(MAIN_THREAD, { kind: 'delivered', upTo });
    }
  }

  /** Put a message (or an ask's Envelope) in a local mailbox. Returns the error when it was not accepted. */
  deliver(to: string, item: MailItem, seq: number): Error | null {
    const cell = this.host.cells.get(to) ?? this.activateStored(to, item, seq);
    if (cell === 'handled') return null;
    if (cell instanceof Error) return cell;
    if (cell) return this.deliverTo(cell, item, seq);
    // Perhaps its spawn is still on its way here: hold it for a moment.
    if (this.earlyMail.hold(to, item, seq)) return null;
    return this.deadLetter(to, item, 'unknown-actor', new ActorNotFoundError(to), seq);
  }

  /** A new actor on this thread: deliver the mail that arrived before it. */
  claimEarlyMail(cell: ActorCell): void {
    const held = this.earlyMail.claim(cell.id);
    if (held.length === 0) return;
    for (const { item, seq } of held) this.deliverTo(cell, item, seq);
    this.reportReceipts();
  }

  private expireEarlyMail(id: string, held: readonly { item: MailItem; seq: number }[]): void {
    for (const { item, seq } of held)
      this.deadLetter(id, item, 'unknown-actor', new ActorNotFoundError(id), seq);
    this.reportReceipts();
  }

  activateDurable(id: string): ActorCell | undefined {
    const activation = this.host.durability?.activate(id);
    return activation?.kind === 'active' ? activation.cell : undefined;
  }

  /** A durable actor not in memory: bring it in from the store (or pass the mail to its thread). */
  private activateStored(to: string, item: MailItem, seq: number): ActorCell | 'handled' | Error | undefined {
    if (!this.host.durability) return undefined;
    const activation = this.host.durability.activate(to);
    switch (activation.kind) {
      case 'active':
        return activation.cell;
      case 'elsewhere': {
        const message = messageOf(item);
        const replyTo = replyToOf(item);
        const inbox = item instanceof Envelope ? item.inbox : 0;
        if (replyTo) this.host.route(activation.thread, { kind: 'ask', to, message, replyTo, inbox });
        else this.host.route(activation.thread, { kind: 'tell', to, message, seq: 0, inbox });
        return 'handled';
      }
      case 'quarantined':
        return this.deadLetter(to, item, 'quarantined', activation.error, seq);
      case 'unknown':
        return undefined;
    }
  }

  deliverTo(cell: ActorCell, item: MailItem, seq: number): Error | null {
    // Mail loaded from the store at activation arrives again as a notification: once is enough.
    if (cell.loaded && item instanceof Envelope && item.inbox > 0 && cell.loaded.delete(item.inbox))
      return null;
    const rate = cell.spec.mailbox.rate;
    if (rate) return this.admit(cell, rate, item, seq);
    return this.accept(cell, item, seq);
  }

  /** Flood control at the door: take a token, or refuse, or hold the message (in order) until one comes. */
  private admit(cell: ActorCell, rate: RateSpec, item: MailItem, seq: number): Error | null {
    const now = Date.now();
    if (!cell.inbound) {
      cell.inbound = {
        bucket: new TokenBucket(rate.perSecond, rate.burst, now),
        held: new RingQueue<Held>(),
        timer: null,
      };
    }
    const inbound = cell.inbound;
    if (inbound.held.size === 0 && inbound.bucket.take(now)) return this.accept(cell, item, seq);
    const waitMs = inbound.bucket.waitMs(now) + inbound.held.size * (1000 / rate.perSecond);
    if (rate.policy === 'reject' || waitMs > rate.maxDelayMs) {
      return this.deadLetter(
        cell.id,
        item,
        'rate-limited',
        new RateLimitedError(cell.id, Math.ceil(waitMs), 'receive'),
        seq,
      );
    }
    inbound.held.push({ item, seq });
    this.releaseLater(cell);
    return null;
  }

  private releaseLater(cell: ActorCell): void {
    const inbound = cell.inbound;
    if (!inbound || inbound.timer || inbound.held.size === 0) return;
    inbound.timer = setTimeout(() => {
      inbound.timer = null;
      if (cell.removed) return;
      const now = Date.now();
      while (inbound.held.size > 0 && inbound.bucket.take(now)) {
        const held = inbound.held.shift() as Held;
        this.accept(cell, held.item, held.seq);
      }
      this.releaseLater(cell);
    }, inbound.bucket.waitMs(Date.now()));
  }

  /** Into the mailbox, by its overflow policy. */
  private accept(cell: ActorCell, item: MailItem, seq: number): Error | null {
    this.host.counters.messagesReceived++;
    const offered = cell.mailbox.offer(item);
    switch (offered.outcome) {
      case 'accepted':
        break;
      case 'rejected':
        return this.deadLetter(cell.id, item, 'mailbox-full', this.mailboxFull(cell, item), seq);
      case 'dropped': {
        const newest = offered.dropped === item;
        this.deadLetter(
          cell.id,
          offered.dropped,
          newest ? 'dropped-newest' : 'dropped-oldest',
          this.mailboxFull(cell, offered.dropped),
          0,
        );
        if (newest) return null;
      }
    }
    if (cell.status === 'active' && !cell.scheduled) this.host.schedule(cell);
    return null;
  }

  /** The local cell a ref points to, cached on the ref. */
  localCell(target: ActorRef<unknown>): ActorCell | undefined {
    const cached = target[cellSlot] as ActorCell | undefined;
    if (cached && !cached.removed) return cached;
    const cell = this.host.cells.get(target.id);
    target[cellSlot] = cell;
    return cell;
  }

  private mailboxFull(cell: ActorCell, item: MailItem): MailboxFullError {
    return new MailboxFullError(cell.id, cell.spec.mailbox.capacity, messageOf(item));
  }

  deadLetter(to: string, item: MailItem, reason: DeadLetterReason, error: Error, seq: number): Error {
    this.host.counters.deadLetters++;
    const record = toErrorRecord(error);
    this.host.emit({
      type: 'dead-letter',
      to,
      message: messageOf(item),
      reason,
      error: record,
      thread: this.host.thread,
    });
    const replyTo = replyToOf(item);
    if (replyTo) this.host.sendReplyError(replyTo, error);
    if (seq > 0) this.host.route(MAIN_THREAD, { kind: 'undelivered', seq, error: record });
    return error;
  }

  /** A record bound for `thread` slipped past `assertEncodable` and failed at flush: account for it. */
  onUnencodable(thread: number, record: WireRecord, error: Error): void {
    switch (record.kind) {
      case 'tell':
        this.deadLetter(record.to, '<unencodable message>', 'unencodable', error, 0);
        return;
      case 'ask':
        this.host.sendReplyError(record.replyTo, error);
        return;
      case 'reply':
        this.host.route(thread, { kind: 'reply-error', askId: record.askId, error: toErrorRecord(error) });
        return;
      default:
        this.host.emit({
          type: 'terminate-failed',
          id: `<${record.kind} record>`,
          error: toErrorRecord(error),
          thread: this.host.thread,
        });
    }
  }

  localTarget(target: ActorRef<unknown>, message: unknown): ActorCell | undefined {
    const cell = this.localCell(target);
    if (cell && cell.mailboxDepth >= cell.spec.mailbox.capacity && cell.spec.mailbox.overflow === 'reject') {
      throw new MailboxFullError(cell.id, cell.spec.mailbox.capacity, message);
    }
    return cell;
  }
}
