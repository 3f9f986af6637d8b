/**
 * `ActorCell`: one actor as it lives on its home thread — behaviour, current state,
 * mailbox, status, and (when it supervises) its children's specs in start order.
 * Cells are kept lean: mailbox, ref and the fields only supervisors, durable or
 * rate-limited actors use are allocated on first use.
 */

import type { ActorBehaviour } from '../actor/behaviour.js';
import type { ReplyTo } from '../actor/context.js';
import { Mailbox } from '../actor/mailbox.js';
import { ActorRef, cellSlot, type Dispatcher } from '../actor/ref.js';
import type { RingQueue } from '../actor/ring-queue.js';
import type { TokenBucket } from '../actor/token-bucket.js';
import { ACTOR_STATUSES, type ActorInfo, type ActorStatus } from '../wire/control.js';
import type { Address, SpawnSpec } from '../wire/wire.js';
import { ChildRecords } from './child-records.js';
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

export type { ChildRecord } from './child-records.js';

export type AnyBehaviour = ActorBehaviour<unknown, unknown, unknown>;

/**
 * The fields only some actors ever use — supervisors (children, restart window), durable
 * actors (fencing, inbox bookkeeping, commits, passivation), flood control, timers, restarts
 * and failed attempts — kept out of the cell until one of them is first given a value, so
 * an idle in-memory actor pays one pointer for all of them.
 */
class CellExtras {
  children: ChildRecords | null = null;
  restartHistory: number[] | null = null;
  restarts = 0;
  headAttempts = 0;
  epoch = 0;
  loaded: Set<number> | null = null;
  known: Set<number> | null = null;
  pendingCommits = 0;
  pendingEntries: PendingEntries | null = null;
  lastActive = 0;
  spawnSeq = 0;
  freshRecord = false;
  childrenInStore = false;
  inbound: InboundFlood | null = null;
  outbound: TokenBucket | null = null;
  timers: Map<string, NodeJS.Timeout> | null = null;
  selfAddress: Address | null = null;
}

/** Flood control on the way in (a mailbox with a `rate`): the bucket, and messages held by the `delay` policy. */
export interface InboundFlood {
  readonly bucket: TokenBucket;
  readonly held: RingQueue<Held>;
  timer: NodeJS.Timeout | null;
}

/** `ActorCell.flags`: the status's index in `ACTOR_STATUSES` (3 bits), then one bit per flag. */
const STATUS_MASK = 0b111;
const INITIALIZED = 1 << 3;
const SCHEDULED = 1 << 4;
const REMOVED = 1 << 5;
const STATUS_INDEX: Readonly<Record<ActorStatus, number>> = {
  starting: ACTOR_STATUSES.indexOf('starting'),
  active: ACTOR_STATUSES.indexOf('active'),
  busy: ACTOR_STATUSES.indexOf('busy'),
  suspended: ACTOR_STATUSES.indexOf('suspended'),
  restarting: ACTOR_STATUSES.indexOf('restarting'),
  stopping: ACTOR_STATUSES.indexOf('stopping'),
};

/**
 * One actor in memory. Its own fields are those every actor uses; the others live in a
 * `CellExtras` made on first use, and the status and boolean flags share one small integer
 * (`flags`) — the accessors below keep the field-like interface the runtime uses. An idle
 * in-memory actor's cell is 12 fields, ~120 B (`bench --only spawn` reports the bytes per actor).
 */
export class ActorCell {
  /** Status and boolean flags (see `STATUS_MASK` and the bits after it); starts as `starting`. */
  private flags = STATUS_INDEX.starting;
  /** While the cell is in `Cells`: its counts by status, which a change of status moves. */
  statusCounts: Record<ActorStatus, number> | null = null;
  state: unknown = undefined;
  behaviour: AnyBehaviour | null = null;
  /** Bumped on every restart and stop: results of an older incarnation's async turn are discarded. */
  incarnation = 0;
  processed = 0;
  /** Its tag in the thread's turn watch (0 until its first turn). */
  watchTag = 0;
  private box: Mailbox<MailItem> | null = null;
  private selfRef: ActorRef<unknown> | null = null;
  private extras: CellExtras | null = null;

  constructor(
    readonly spec: SpawnSpec,
    private readonly dispatcher: Dispatcher,
  ) {}

  get status(): ActorStatus {
    return ACTOR_STATUSES[this.flags & STATUS_MASK] as ActorStatus;
  }

  set status(next: ActorStatus) {
    const counts = this.statusCounts;
    if (counts) {
      counts[this.status]--;
      counts[next]++;
    }
    this.flags = (this.flags & ~STATUS_MASK) | STATUS_INDEX[next];
  }

  /** `init` has produced the current state (so `terminate` may see it). */
  get initialized(): boolean {
    return (this.flags & INITIALIZED) !== 0;
  }

  set initialized(value: boolean) {
    this.flags = value ? this.flags | INITIALIZED : this.flags & ~INITIALIZED;
  }

  /** In the run queue already. */
  get scheduled(): boolean {
    return (this.flags & SCHEDULED) !== 0;
  }

  set scheduled(value: boolean) {
    this.flags = value ? this.flags | SCHEDULED : this.flags & ~SCHEDULED;
  }

  /** Set once the cell is stopped: refs caching it must look the id up again. */
  get removed(): boolean {
    return (this.flags & REMOVED) !== 0;
  }

  set removed(value: boolean) {
    this.flags = value ? this.flags | REMOVED : this.flags & ~REMOVED;
  }

  private more(): CellExtras {
    if (!this.extras) this.extras = new CellExtras();
    return this.extras;
  }

  get restarts(): number {
    return this.extras ? this.extras.restarts : 0;
  }

  set restarts(value: number) {
    if (this.extras || value !== 0) this.more().restarts = value;
  }

  /** Failed attempts at the message at the head of the mailbox. */
  get headAttempts(): number {
    return this.extras ? this.extras.headAttempts : 0;
  }

  set headAttempts(value: number) {
    if (this.extras || value !== 0) this.more().headAttempts = value;
  }

  /** Its children (when it supervises some), in start order. */
  get children(): ChildRecords | null {
    return this.extras ? this.extras.children : null;
  }

  set children(value: ChildRecords | null) {
    if (this.extras || value !== null) this.more().children = value;
  }

  /** Restarts of children within the supervision period (the intensity window). */
  get restartHistory(): number[] | null {
    return this.extras ? this.extras.restartHistory : null;
  }

  set restartHistory(value: number[] | null) {
    if (this.extras || value !== null) this.more().restartHistory = value;
  }

  /** Durable actors: the activation epoch this cell writes under (fencing). */
  get epoch(): number {
    return this.extras ? this.extras.epoch : 0;
  }

  set epoch(value: number) {
    if (this.extras || value !== 0) this.more().epoch = value;
  }

  /**
   * Durable actors: inbox entries taken from the store before their notification came (at
   * activation, or by a resync): the notification, if it still comes, is a duplicate.
   */
  get loaded(): Set<number> | null {
    return this.extras ? this.extras.loaded : null;
  }

  set loaded(value: Set<number> | null) {
    if (this.extras || value !== null) this.more().loaded = value;
  }

  /**
   * Durable actors: the inbox seqs this cell has taken in (mailbox, held, running, committing)
   * and whose removal from the store is not yet acknowledged. A resync delivers only the
   * stored entries not in it; a second notification of one in it is dropped.
   */
  get known(): Set<number> | null {
    return this.extras ? this.extras.known : null;
  }

  set known(value: Set<number> | null) {
    if (this.extras || value !== null) this.more().known = value;
  }

  /** Durable actors: commit entries written but not yet acknowledged. */
  get pendingCommits(): number {
    return this.extras ? this.extras.pendingCommits : 0;
  }

  set pendingCommits(value: number) {
    if (this.extras || value !== 0) this.more().pendingCommits = value;
  }

  /** Durable actors: table entries written by commits not yet acknowledged (read before the store). */
  get pendingEntries(): PendingEntries | null {
    return this.extras ? this.extras.pendingEntries : null;
  }

  set pendingEntries(value: PendingEntries | null) {
    if (this.extras || value !== null) this.more().pendingEntries = value;
  }

  /**
   * Durable actors: when the actor last handled a message or came into memory (for
   * passivation; see `idle-order.ts`). Actors that never passivate keep no time (always 0).
   */
  get lastActive(): number {
    return this.extras ? this.extras.lastActive : 0;
  }

  set lastActive(value: number) {
    if (this.spec.persistent || this.extras) this.more().lastActive = value;
  }

  /** Durable actors: position among the parent's children (a sequence number). */
  get spawnSeq(): number {
    return this.extras ? this.extras.spawnSeq : 0;
  }

  set spawnSeq(value: number) {
    if (this.extras || value !== 0) this.more().spawnSeq = value;
  }

  /** Durable actors: spawned from the main thread, its record is written by its first commit. */
  get freshRecord(): boolean {
    return this.extras ? this.extras.freshRecord : false;
  }

  set freshRecord(value: boolean) {
    if (this.extras || value) this.more().freshRecord = value;
  }

  /** Durable actors brought back from the store: their children's specs are still in the store. */
  get childrenInStore(): boolean {
    return this.extras ? this.extras.childrenInStore : false;
  }

  set childrenInStore(value: boolean) {
    if (this.extras || value) this.more().childrenInStore = value;
  }

  /** Flood control (a mailbox with a `rate`): the bucket, and messages held by the `delay` policy. */
  get inbound(): InboundFlood | null {
    return this.extras ? this.extras.inbound : null;
  }

  set inbound(value: InboundFlood | null) {
    if (this.extras || value !== null) this.more().inbound = value;
  }

  /** Flood control on the way out (`defineActor({ sendRate })`). */
  get outbound(): TokenBucket | null {
    return this.extras ? this.extras.outbound : null;
  }

  set outbound(value: TokenBucket | null) {
    if (this.extras || value !== null) this.more().outbound = value;
  }

  get timers(): Map<string, NodeJS.Timeout> | null {
    return this.extras ? this.extras.timers : null;
  }

  set timers(value: Map<string, NodeJS.Timeout> | null) {
    if (this.extras || value !== null) this.more().timers = value;
  }

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
    const extras = this.more();
    if (!extras.selfAddress) extras.selfAddress = { id: this.spec.id, thread: this.spec.thread };
    return extras.selfAddress;
  }

  get ref(): ActorRef<unknown> {
    if (!this.selfRef) this.selfRef = new ActorRef(this.spec.id, this.spec.thread, this.dispatcher);
    return this.selfRef;
  }

  childRecords(): ChildRecords {
    const extras = this.more();
    if (!extras.children) extras.children = new ChildRecords();
    return extras.children;
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
