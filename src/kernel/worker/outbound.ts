/**
 * `Outbound`: the links from this thread to the main thread and to every peer thread —
 * routing a wire record to the thread it is for, and sending what leaves a turn for
 * elsewhere: replies (local asks are settled in place), failed asks, and system events.
 * Consecutive plain tells to one actor in a batch travel as one `tells` record.
 *
 * It does not decide where mail for an actor of this thread goes (`mail-delivery.ts`),
 * nor read what arrives (`inbound.ts`). A record routed to this very thread is handed to
 * `handleLocal` (the inbound side), so every sender can route without asking where the
 * target lives.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ReplyTo } from '../actor/context.js';
import type { PendingAsks } from '../actor/pending-asks.js';
import { InvalidArgumentError, toErrorRecord } from '../errors.js';
import type { SystemEvent } from '../wire/events.js';
import { Link, type LinkHooks } from '../wire/link.js';
import { waitToken } from '../wire/wait-token.js';
import { MAIN_THREAD, type WireRecord } from '../wire/wire.js';
import type { ThreadState } from './thread-state.js';

export interface OutboundOptions {
  readonly mainPort: MessagePort;
  /** Index = peer thread; `null` at this thread's own index. */
  readonly peerPorts: readonly (MessagePort | null)[];
  /** Apply a record addressed to this thread (the inbound side). */
  readonly handleLocal: (record: WireRecord) => void;
  /** A record bound for `thread` could not be encoded when its batch was flushed: account for it. */
  readonly onUnencodable: (thread: number, record: WireRecord, error: Error) => void;
}

export class Outbound {
  private readonly thread: number;
  private readonly mainLink: Link<WireRecord>;
  private readonly peerLinks: (Link<WireRecord> | null)[];
  private readonly handleLocal: (record: WireRecord) => void;

  constructor(
    private readonly state: ThreadState,
    private readonly asks: PendingAsks,
    options: OutboundOptions,
  ) {
    this.thread = state.thread;
    this.handleLocal = options.handleLocal;
    const hooksFor = (thread: number): LinkHooks<WireRecord> => ({
      scheduleFlush: (link) => queueMicrotask(() => link.flush()),
      onUnencodable: (record, error) => options.onUnencodable(thread, record, error),
      split: splitTells,
    });
    this.mainLink = new Link<WireRecord>(options.mainPort, hooksFor(MAIN_THREAD));
    this.peerLinks = options.peerPorts.map((port, peer) =>
      port ? new Link<WireRecord>(port, hooksFor(peer)) : null,
    );
  }

  /** Send `record` to `thread` (this one, the main thread, or a peer). */
  route(thread: number, record: WireRecord): void {
    if (thread === this.thread) this.handleLocal(record);
    else if (thread === MAIN_THREAD) this.mainLink.send(record);
    else {
      const link = this.peerLinks[thread];
      if (!link) throw new InvalidArgumentError('thread', `${thread} is not a thread of this system`);
      link.send(record);
    }
  }

  /**
   * A plain tell (no receipt, no trace) for an actor of `thread`; `inbox` > 0: already in its
   * durable inbox under that number. Consecutive tells to one actor share a `tells` record.
   */
  tell(thread: number, to: string, message: unknown, inbox: number): void {
    if (thread === this.thread) {
      this.handleLocal({ kind: 'tell', to, message, seq: 0, inbox });
      return;
    }
    const link = thread === MAIN_THREAD ? this.mainLink : this.peerLinks[thread];
    if (!link) throw new InvalidArgumentError('thread', `${thread} is not a thread of this system`);
    const last = link.lastQueued();
    if (last?.kind === 'tells' && last.to === to && (last.inboxes === null) === (inbox === 0)) {
      last.messages.push(message);
      last.inboxes?.push(inbox);
    } else link.send({ kind: 'tells', to, messages: [message], inboxes: inbox === 0 ? null : [inbox] });
  }

  sendReply(to: ReplyTo, value: unknown): void {
    this.endWait(to);
    if (to.thread === this.thread) {
      if (!this.asks.resolve(to.askId, value)) this.noteLateReply(to.askId);
      return;
    }
    try {
      this.route(to.thread, { kind: 'reply', askId: to.askId, value });
    } catch (error) {
      this.sendReplyError(to, error as Error);
    }
  }

  sendReplyError(to: ReplyTo, error: Error): void {
    this.endWait(to);
    if (to.thread === this.thread) {
      if (!this.asks.reject(to.askId, error)) this.noteLateReply(to.askId);
      return;
    }
    this.route(to.thread, { kind: 'reply-error', askId: to.askId, error: toErrorRecord(error) });
  }

  /**
   * A reply ends the asker's wait now (before anything this thread sends next), not when it
   * lands — for an ask whose wait was announced; no other ask is an edge of the wait graph.
   */
  private endWait(to: ReplyTo): void {
    if (to.waited === true && to.thread !== MAIN_THREAD && this.state.waits.watched)
      this.emit({ type: 'wait-ended', token: waitToken(to.thread, to.askId), thread: this.thread });
  }

  /** A reply came for an ask that already ended (timed out, aborted). */
  noteLateReply(askId: number): void {
    this.emit({ type: 'late-reply', askId, thread: this.thread });
  }

  emit(event: SystemEvent): void {
    if (this.state.shuttingDown && event.type !== 'dead-letter') return;
    try {
      this.mainLink.send({ kind: 'event', event });
    } catch {
      // The event carries a message that cannot cross threads: report it without the payload.
      const safe = event.type === 'dead-letter' ? { ...event, message: '<unencodable message>' } : event;
      this.mainLink.send({ kind: 'event', event: safe });
    }
  }

  /** Is `thread` a peer this thread has a link to? */
  hasPeer(thread: number): boolean {
    return this.peerLinks[thread] != null;
  }

  /** Peer `thread` was replaced: what is sent to it from now on goes through `port`. */
  replacePeer(thread: number, port: MessagePort): void {
    const link = this.peerLinks[thread];
    if (!link) return;
    link.detach();
    link.attach(port);
  }

  /** Send what the links hold now (at shutdown). */
  flush(): void {
    this.mainLink.flush();
    for (const link of this.peerLinks) link?.flush();
  }
}

/** A `tells` record that failed to encode, as the tells it groups (so only the bad ones are lost). */
function splitTells(record: WireRecord): readonly WireRecord[] | null {
  if (record.kind !== 'tells') return null;
  return record.messages.map(
    (message, index): WireRecord => ({
      kind: 'tell',
      to: record.to,
      message,
      seq: 0,
      inbox: record.inboxes?.[index] ?? 0,
    }),
  );
}
