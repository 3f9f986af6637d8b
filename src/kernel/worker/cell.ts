/**
 * `ActorCell`: one actor as it lives on its home thread — behaviour, current state,
 * mailbox, status, and (when it supervises) its children's specs in start order.
 * Cells are kept lean: mailbox, children and timers are allocated on first use.
 */

import type { ActorBehaviour } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import { Mailbox } from '../actor/mailbox.js';
import { ActorRef, cellSlot, type Dispatcher } from '../actor/ref.js';
import type { RingQueue } from '../actor/ring-queue.js';
import type { TokenBucket } from '../actor/token-bucket.js';
import type { ActorInfo, ActorStatus } from '../wire/control.js';
import type { Address, SpawnSpec } from '../wire/wire.js';
import type { PendingEntries } from './pending-entries.js';

/**
 * A message with metadata in a mailbox: an ask (where its reply goes), or a message of a
 * durable actor (its inbox sequence number). A plain in-memory tell is stored as the bare
 * message (no allocation per tell); user messages can never be instances of this class.
 */
export class Envelope {
  constructor(
    readonly message: unknown,
    readonly replyTo: ReplyTo | null,
    /** Sequence number in the durable inbox; 0 when the message is not in the store. */
    readonly inbox = 0,
    /** Firings a periodic timer missed before this one (the process was down). */
    readonly missed = 0,
    /** The W3C `traceparent` the main thread sent it with (`wire/traced-turn.ts`); null when untraced. */
    readonly traceparent: string | null = null,
  ) {}
}

/** What a mailbox holds: a bare message (tell) or an Envelope (ask). */
export type MailItem = unknown;

export function messageOf(item: MailItem): unknown {
  return item instanceof Envelope ? item.message : item;
}

export function replyToOf(item: MailItem): ReplyTo | null {
  return item instanceof Envelope ? item.replyTo : null;
}

/** A message held back by a `delay` rate policy, with its receipt number. */
export interface Held {
  readonly item: MailItem;
  readonly seq: number;
}

/** A supervisor's record of one child. */
export interface ChildRecord {
  readonly spec: SpawnSpec;
  /** The supervisor asked it to stop: its exit is expected, not a reason to restart. */
  stopping: boolean;
  /**
   * A durable child whose failure made its supervisor escalate: it waits, failed, until the
   * supervisor is restarted (and restarts it) or set aside (and sets it aside too).
   */
  failed?: boolean;
}

export type AnyBehaviour = ActorBehaviour<unknown, unknown, unknown>;

export class ActorCell {
  #status: ActorStatus = 'starting';
  /** While the cell is in `Cells`: its counts by status, which a change of status moves. */
  statusCounts: Record<ActorStatus, number> | null = null;

  get status(): ActorStatus {
    return this.#status;
  }

  set status(next: ActorStatus) {
    const counts = this.statusCounts;
    if (counts) {
      counts[this.#status]--;
      counts[next]++;
    }
    this.#status = next;
  }

  state: unknown = undefined;
  /** `init` has produced the current state (so `terminate` may see it). */
  initialized = false;
  behaviour: AnyBehaviour | null = null;
  /** In the run queue already. */
  scheduled = false;
  /** Bumped on every restart and stop: results of an older incarnation's async turn are discarded. */
  incarnation = 0;
  processed = 0;
  restarts = 0;
  /** Failed attempts at the message at the head of the mailbox. */
  headAttempts = 0;
  children: Map<string, ChildRecord> | null = null;
  /** Restarts of children within the supervision period (the intensity window). */
  restartHistory: number[] | null = null;
  /** Set once the cell is stopped: refs caching it must look the id up again. */
  removed = false;
  /** Durable actors: the activation epoch this cell writes under (fencing). */
  epoch = 0;
  /**
   * Durable actors: inbox entries taken from the store before their notification came (at
   * activation, or by a resync): the notification, if it still comes, is a duplicate.
   */
  loaded: Set<number> | null = null;
  /**
   * Durable actors: the inbox seqs this cell has taken in (mailbox, held, running, committing)
   * and whose removal from the store is not yet acknowledged. A resync delivers only the
   * stored entries not in it; a second notification of one in it is dropped.
   */
  known: Set<number> | null = null;
  /** Durable actors: commit entries written but not yet acknowledged. */
  pendingCommits = 0;
  /** Durable actors: table entries written by commits not yet acknowledged (read before the store). */
  pendingEntries: PendingEntries | null = null;
  /** When the actor last handled a message or came into memory (for passivation; see `idle-order.ts`). */
  lastActive = 0;
  /** Its tag in the thread's turn watch (0 until its first turn). */
  watchTag = 0;
  /** Flood control (a mailbox with a `rate`): the bucket, and messages held by the `delay` policy. */
  inbound: {
    readonly bucket: TokenBucket;
    readonly held: RingQueue<Held>;
    timer: NodeJS.Timeout | null;
  } | null = null;
  /** Flood control on the way out (`defineActor({ sendRate })`). */
  outbound: TokenBucket | null = null;
  /** Durable actors: position among the parent's children (a sequence number). */
  spawnSeq = 0;
  /** Durable actors: spawned from the main thread, its record is written by its first commit. */
  freshRecord = false;
  /** Durable actors brought back from the store: their children's specs are still in the store. */
  childrenInStore = false;
  timers: Map<string, NodeJS.Timeout> | null = null;
  private box: Mailbox<MailItem> | null = null;
  private selfRef: ActorRef<unknown> | null = null;
  private selfAddress: Address | null = null;

  constructor(
    readonly spec: SpawnSpec,
    private readonly dispatcher: Dispatcher,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get mailbox(): Mailbox<MailItem> {
    if (!this.box) this.box = new Mailbox<MailItem>(this.spec.mailbox);
    return this.box;
  }

  get mailboxDepth(): number {
    return this.box ? this.box.size : 0;
  }

  /** This actor's address as plain data, shared by the specs of all its children. */
  get address(): Address {
    if (!this.selfAddress) this.selfAddress = { id: this.spec.id, thread: this.spec.thread };
    return this.selfAddress;
  }

  get ref(): ActorRef<unknown> {
    if (!this.selfRef) this.selfRef = new ActorRef(this.spec.id, this.spec.thread, this.dispatcher);
    return this.selfRef;
  }

  childRecords(): Map<string, ChildRecord> {
    if (!this.children) this.children = new Map();
    return this.children;
  }

  info(): ActorInfo {
    return {
      id: this.spec.id,
      kind: `${this.spec.kind.module}#${this.spec.kind.name}`,
      parent: this.spec.parent?.id ?? null,
      thread: this.spec.thread,
      status: this.status,
      mailboxDepth: this.mailboxDepth,
      restarts: this.restarts,
      processed: this.processed,
    };
  }
}

/** The local cell a ref points to (`undefined` when the id lives nowhere on this thread), cached on the ref. */
export function localCell(
  cells: ReadonlyMap<string, ActorCell>,
  target: ActorRef<unknown>,
): ActorCell | undefined {
  const cached = target[cellSlot] as ActorCell | undefined;
  if (cached && !cached.removed) return cached;
  const cell = cells.get(target.id);
  target[cellSlot] = cell;
  return cell;
}
