/**
 * `MailDelivery`: putting messages into the mailboxes of this thread's actors — or holding
 * them as early mail, or bringing a stored actor into memory for them, or passing them on
 * to the thread a stored actor lives on — with flood control at the door (`rate`) and the
 * mailbox's overflow policy. An actor that gets mail while idle joins the run queue.
 *
 * What cannot be delivered is handed to `dead-letters.ts`. Sending to other threads is
 * `outbound.ts`'s; running the turns is `turn.ts`'s.
 */
import type { RateSpec } from '../actor/mailbox.js';
import type { ActorRef } from '../actor/ref.js';
import { RingQueue } from '../actor/ring-queue.js';
import { TokenBucket } from '../actor/token-bucket.js';
import type { Clock } from '../clock.js';
import { ActorNotFoundError, MailboxFullError, RateLimitedError } from '../errors.js';
import { MAIN_THREAD } from '../wire/wire.js';
import {
  type ActorCell,
  Envelope,
  type Held,
  localCell,
  type MailItem,
  messageOf,
  replyToOf,
} from './cell.js';
import type { Cells } from './cells.js';
import type { DeadLetters } from './dead-letters.js';
import type { Activator } from './durable/activation.js';
import { EarlyMail } from './early-mail.js';
import type { Outbound } from './outbound.js';
import type { RunQueue } from './run-queue.js';
import type { ThreadCounters, ThreadState } from './thread-state.js';

export interface MailDeliveryOptions {
  /** How long mail for an unknown id waits for that actor's spawn. */
  readonly graceMs: number;
  /** At most this many messages are held per unknown id. */
  readonly maxHeldPerId: number;
}

export class MailDelivery {
  readonly earlyMail: EarlyMail;
  private readonly cells: Cells;
  private readonly counters: ThreadCounters;
  private readonly clock: Clock;
  private receiptsReported = 0;

  constructor(
    state: ThreadState,
    private readonly runQueue: RunQueue,
    private readonly deadLetters: DeadLetters,
    private readonly outbound: Outbound,
    /** Stored actors (`null` in a memory-only system). */
    private readonly activator: Activator | null,
    options: MailDeliveryOptions,
  ) {
    this.cells = state.cells;
    this.counters = state.counters;
    this.clock = state.clock;
    this.earlyMail = new EarlyMail(options.graceMs, options.maxHeldPerId, (id, held) =>
      this.expireEarlyMail(id, held),
    );
  }

  /** Tell the main thread which receipts are settled (all but those held as early mail). */
  reportReceipts(): void {
    const upTo = this.earlyMail.settledUpTo();
    if (upTo > this.receiptsReported) {
      this.receiptsReported = upTo;
      this.outbound.route(MAIN_THREAD, { kind: 'delivered', upTo });
    }
  }

  /** Put a message (or an ask's Envelope) in a local mailbox. Returns the error when it was not accepted. */
  deliver(to: string, item: MailItem, seq: number): Error | null {
    const cell = this.cells.get(to) ?? this.activateStored(to, item, seq);
    if (cell === 'handled') return null;
    if (cell instanceof Error) return cell;
    if (cell) return this.deliverTo(cell, item, seq);
    // Perhaps its spawn is still on its way here: hold it for a moment.
    if (this.earlyMail.hold(to, item, seq)) return null;
    return this.deadLetters.deadLetter(to, item, 'unknown-actor', new ActorNotFoundError(to), seq);
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
      this.deadLetters.deadLetter(id, item, 'unknown-actor', new ActorNotFoundError(id), seq);
    this.reportReceipts();
  }

  /** A durable actor not in memory: bring it in from the store (or pass the mail to its thread). */
  private activateStored(to: string, item: MailItem, seq: number): ActorCell | 'handled' | Error | undefined {
    if (!this.activator) return undefined;
    const activation = this.activator.activate(to);
    switch (activation.kind) {
      case 'active':
        return activation.cell;
      case 'elsewhere': {
        const message = messageOf(item);
        const replyTo = replyToOf(item);
        const inbox = item instanceof Envelope ? item.inbox : 0;
        const trace =
          item instanceof Envelope && item.traceparent !== null ? { traceparent: item.traceparent } : {};
        if (replyTo)
          this.outbound.route(activation.thread, { kind: 'ask', to, message, replyTo, inbox, ...trace });
        else this.outbound.route(activation.thread, { kind: 'tell', to, message, seq: 0, inbox, ...trace });
        return 'handled';
      }
      case 'quarantined':
        return this.deadLetters.deadLetter(to, item, 'quarantined', activation.error, seq);
      case 'suspended':
        // Stored mail waits in its inbox until the actor is resumed; an ask (or mail the
        // store does not hold) is refused at once.
        if (item instanceof Envelope && item.inbox > 0 && item.replyTo === null) return 'handled';
        return this.deadLetters.deadLetter(to, item, 'suspended', activation.error, seq);
      case 'unknown':
        return undefined;
    }
  }

  deliverTo(cell: ActorCell, item: MailItem, seq: number): Error | null {
    if (item instanceof Envelope && item.inbox > 0) {
      // Mail taken from the store (at activation, by a resync) arrives again as a notification: once is enough.
      if (cell.loaded?.delete(item.inbox) || cell.known?.has(item.inbox)) return null;
      if (cell.spec.persistent) {
        cell.known ??= new Set();
        cell.known.add(item.inbox);
      }
    }
    const rate = cell.spec.mailbox.rate;
    if (rate) return this.admit(cell, rate, item, seq);
    return this.accept(cell, item, seq);
  }

  /** Flood control at the door: take a token, or refuse, or hold the message (in order) until one comes. */
  private admit(cell: ActorCell, rate: RateSpec, item: MailItem, seq: number): Error | null {
    const now = this.clock.now();
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
      return this.deadLetters.deadLetter(
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
      const now = this.clock.now();
      while (inbound.held.size > 0 && inbound.bucket.take(now)) {
        const held = inbound.held.shift() as Held;
        this.accept(cell, held.item, held.seq);
      }
      this.releaseLater(cell);
    }, inbound.bucket.waitMs(this.clock.now()));
  }

  /** Into the mailbox, by its overflow policy. */
  private accept(cell: ActorCell, item: MailItem, seq: number): Error | null {
    this.counters.messagesReceived++;
    const offered = cell.mailbox.offer(item);
    switch (offered.outcome) {
      case 'accepted':
        break;
      case 'rejected':
        return this.deadLetters.deadLetter(cell.id, item, 'mailbox-full', this.mailboxFull(cell, item), seq);
      case 'dropped': {
        const newest = offered.dropped === item;
        this.deadLetters.deadLetter(
          cell.id,
          offered.dropped,
          newest ? 'dropped-newest' : 'dropped-oldest',
          this.mailboxFull(cell, offered.dropped),
          0,
        );
        if (newest) return null;
      }
    }
    this.cells.noteMail(cell);
    if (cell.status === 'active' && !cell.scheduled) this.runQueue.schedule(cell);
    return null;
  }

  private mailboxFull(cell: ActorCell, item: MailItem): MailboxFullError {
    return new MailboxFullError(cell.id, cell.spec.mailbox.capacity, messageOf(item));
  }

  /** The target's local cell, its mailbox checked now so a `reject` overflow fails the send itself. */
  localTarget(target: ActorRef<unknown>, message: unknown): ActorCell | undefined {
    const cell = localCell(this.cells, target);
    if (cell && cell.mailboxDepth >= cell.spec.mailbox.capacity && cell.spec.mailbox.overflow === 'reject') {
      throw new MailboxFullError(cell.id, cell.spec.mailbox.capacity, message);
    }
    return cell;
  }
}
