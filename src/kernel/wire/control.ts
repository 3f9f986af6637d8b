/**
 * The control plane's vocabulary: what `inspect` and `stats` report and the API each
 * worker thread serves over comlink (never on the message hot path).
 */
import type { MessagePort } from 'node:worker_threads';
import type { WorkerDeath } from '../errors.js';
import type { DurationHistogram } from './duration-histogram.js';
import type { SystemEvent } from './events.js';

export type ActorStatus = 'starting' | 'active' | 'busy' | 'suspended' | 'restarting' | 'stopping';

export const ACTOR_STATUSES: readonly ActorStatus[] = [
  'starting',
  'active',
  'busy',
  'suspended',
  'restarting',
  'stopping',
];

/** Actors in memory by status. */
export type StatusCounts = Readonly<Record<ActorStatus, number>>;

export interface ActorInfo {
  readonly id: string;
  /** `module#export` of the behaviour. */
  readonly kind: string;
  /** `null`: a child of the root supervisor. */
  readonly parent: string | null;
  readonly thread: number;
  readonly status: ActorStatus;
  readonly mailboxDepth: number;
  readonly restarts: number;
  readonly processed: number;
}

/** A node of the supervision tree returned by `system.inspect()`. */
export interface ActorTreeNode extends ActorInfo {
  readonly children: ActorTreeNode[];
}

export interface SupervisionTree {
  readonly id: 'root';
  readonly children: ActorTreeNode[];
  /** Actors whose parent was not found in the snapshot (mid-restart, or on a lost thread). */
  readonly detached: ActorTreeNode[];
  /** Recent incidents: deadlocks broken, threads jammed or crashed, escalations, suspensions, quarantines (latest 100). */
  readonly incidents: readonly SystemEvent[];
}

/** The actors of one kind in memory (its export name; kinds of two modules with one name count together). */
export interface KindStats {
  readonly kind: string;
  readonly actors: number;
  /** Messages waiting in their mailboxes. */
  readonly backlog: number;
}

export interface ThreadStats {
  readonly thread: number;
  readonly actors: number;
  readonly turns: number;
  readonly messagesReceived: number;
  readonly deadLetters: number;
  readonly lateReplies: number;
  readonly failures: number;
  readonly restarts: number;
  /** Messages waiting in mailboxes on this thread now. */
  readonly queueDepth: number;
  /** Durable writes (turns, spawns, timers…) committed by this thread; a turn that changed nothing writes none. */
  readonly commits: number;
  /** Asks made on this thread that got no reply within their timeout. */
  readonly asksTimedOut: number;
  /** Durable actors sent out of memory because the thread reached its activation limit (`maxActiveActors`). */
  readonly evictions: number;
  /** The actors in memory on this thread, by status. */
  readonly statuses: StatusCounts;
  /** How long turns took (an async turn: until its promise settled). */
  readonly turnDurations: DurationHistogram;
  /** How long each commit (one store transaction: a batch of turns' writes) took to be acknowledged. */
  readonly commitDurations: DurationHistogram;
  /** Per kind, the actors in memory on this thread and their mailbox backlog. */
  readonly kinds: readonly KindStats[];
}

/** The store's figures in `system.stats()`. */
export interface StoreStats {
  /** Suspended durable actors (`system.suspended()`). */
  readonly suspended: number;
  /** Quarantined messages kept (`system.deadLetters()`). */
  readonly deadLetters: number;
  /** Bytes the store takes on disk. */
  readonly sizeBytes: number;
}

export interface SystemStats {
  readonly threads: ThreadStats[];
  readonly totals: Omit<ThreadStats, 'thread' | 'kinds'>;
  /** Per kind, over every thread: actors in memory and their mailbox backlog, the largest backlog first. */
  readonly kinds: readonly KindStats[];
  /** `null` for a memory-only system. */
  readonly store: StoreStats | null;
  readonly main: {
    readonly pendingAsks: number;
    readonly lateReplies: number;
    /** Asks made on the main thread that got no reply within their timeout. */
    readonly asksTimedOut: number;
    readonly threadsReplaced: number;
  };
}

/** What `removeStored` did. */
export type StoredRemoval =
  | { readonly outcome: 'removed' }
  | { readonly outcome: 'absent' }
  | { readonly outcome: 'running'; readonly status: ActorStatus };

/** Served by each worker thread. */
export interface ThreadControl {
  inspect(): ActorInfo[];
  stats(): ThreadStats;
  /** Thread `thread` was replaced (its worker died of `death`): use `port` to reach it, and deal with what was lost with it. */
  replacePeer(thread: number, port: MessagePort, death: WorkerDeath): void;
  /** Every peer has switched to this (replacing) worker: take the stored mail announced to the one it replaced. */
  resync(): void;
  /**
   * Remove the durable actor `id` (homed here) from the store — its record, state, inbox,
   * timers, tree entry and suspension — unless it is in memory here (`running`).
   */
  removeStored(id: string): Promise<StoredRemoval>;
  /** Stop every actor (children first), flush, and end the host task. */
  shutdown(): Promise<void>;
}
