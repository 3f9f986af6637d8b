/**
 * `DeadLetters`: accounting for every message this thread could not deliver — a
 * `dead-letter` event, the ask it carried failed with the reason, the main thread's
 * receipt refused — and for records that could not be encoded when their batch left.
 * Nothing is dropped without a record.
 *
 * It does not decide *that* a message is undeliverable: `mail-delivery.ts` (unknown actor,
 * full mailbox, rate), `stop.ts` (a stopped actor's mailbox) and `failure.ts` (quarantine) do.
 */
import { toErrorRecord } from '../errors.js';
import type { DeadLetterReason } from '../wire/events.js';
import { MAIN_THREAD, type WireRecord } from '../wire/wire.js';
import { type MailItem, messageOf, replyToOf } from './cell.js';
import type { Outbound } from './outbound.js';
import type { ThreadCounters } from './thread-state.js';

export class DeadLetters {
  constructor(
    private readonly thread: number,
    private readonly counters: ThreadCounters,
    private readonly outbound: Outbound,
  ) {}

  /** `item` for `to` was not delivered (`seq`: its main-thread receipt, 0 if none). Returns `error`. */
  deadLetter(to: string, item: MailItem, reason: DeadLetterReason, error: Error, seq: number): Error {
    this.counters.deadLetters++;
    const record = toErrorRecord(error);
    this.outbound.emit({
      type: 'dead-letter',
      to,
      message: messageOf(item),
      reason,
      error: record,
      thread: this.thread,
    });
    const replyTo = replyToOf(item);
    if (replyTo) this.outbound.sendReplyError(replyTo, error);
    if (seq > 0) this.outbound.route(MAIN_THREAD, { kind: 'undelivered', seq, error: record });
    return error;
  }

  /** A record bound for `thread` slipped past `assertEncodable` and failed at flush: account for it. */
  onUnencodable(thread: number, record: WireRecord, error: Error): void {
    switch (record.kind) {
      case 'tell':
        this.deadLetter(record.to, '<unencodable message>', 'unencodable', error, 0);
        return;
      case 'tells':
        for (const _ of record.messages)
          this.deadLetter(record.to, '<unencodable message>', 'unencodable', error, 0);
        return;
      case 'ask':
        this.outbound.sendReplyError(record.replyTo, error);
        return;
      case 'reply':
        this.outbound.route(thread, {
          kind: 'reply-error',
          askId: record.askId,
          error: toErrorRecord(error),
        });
        return;
      default:
        this.outbound.emit({
          type: 'terminate-failed',
          id: `<${record.kind} record>`,
          error: toErrorRecord(error),
          thread: this.thread,
        });
    }
  }
}
