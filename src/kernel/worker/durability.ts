/**
 * Durability on one thread: the bridge between turns and the store.
 *
 * A durable actor's turn is committed as one entry of the thread's commit pipeline: the
 * processed message leaves its inbox, the new state is written, messages to durable
 * actors are written into *their* inboxes, spawns, stops and timers are recorded — all
 * atomically, and only then do the turn's effects leave the thread (`after`). Because
 * every durable message is written exactly once by the commit of the turn that sent it,
 * and removed by the commit of the turn that handled it, a crash at any instant replays
 * at most the turns that did not commit: `receive` may run again, a state change is
 * applied once.
 *
 * Also here: activation (an actor comes into memory from the store, lazily on its first
 * message or at recovery), fencing by activation epoch, quarantine of undecodable state,
 * and passivation of idle actors.
 */
import type { ActorRef, Dispatcher } from '../actor/ref.js';
import { StateDecodeError, TroupeError, toErrorRecord } from '../errors.js';
import type { ActorRecord, InboxRecord } from '../persistence/records.js';
import type { Sequence } from '../persistence/sequence.js';
import type { Store, StoreWriter } from '../persistence/store.js';
import type { SystemEvent } from '../wire/events.js';
import type { SpawnSpec } from '../wire/wire.js';
import { ActorCell, Envelope } from './cell.js';
import { CommitPipeline } from './commit-pipeline.js';

/** A turn's writes were not committed because the actor was reloaded meanwhile. */
class StaleTurnError extends Error {}

/** What durability needs from its thread's runtime. */
export interface DurabilityHost extends Dispatcher {
  readonly thread: number;
  readonly cells: Map<string, ActorCell>;
  emit(event: SystemEvent): void;
  schedule(cell: ActorCell): void;
  /** Create a cell for a stored actor and start it (resume its state, or run init). */
  startStored(cell: ActorCell, record: ActorRecord): void;
  /** Dead-letter what a cell that is going away still holds. */
  dropCell(cell: ActorCell, reason: 'reset' | 'passivated'): void;
}

/** The outcome of trying to bring an actor into memory. */
export type Activation =
  | { readonly kind: 'active'; readonly cell: ActorCell }
  | { readonly kind: 'elsewhere'; readonly thread: number }
  | { readonly kind: 'quarantined'; readonly error: Error }
  | { readonly kind: 'unknown' };

export class Durability {
  readonly pipeline: CommitPipeline;
  /** Actors whose stored state cannot be read: their mail is dead-lettered, they are not retried. */
  private readonly quarantined = new Map<string, Error>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly store: Store,
    readonly sequence: Sequence,
    private readonly host: DurabilityHost,
    private readonly idleTimeoutMs: number,
  ) {
    // Every batch records how far the sequence went, so a restarted process never reuses a number.
    this.pipeline = new CommitPipeline(store, (w) => sequence.highWaterWrite(w));
    this.sweepTimer = setInterval(() => this.passivateIdle(), Math.max(50, idleTimeoutMs / 2));
    this.sweepTimer.unref();
  }

  // ── Activation ───────────────────────────────────────────────────────────────

  /** Bring the stored actor `id` into memory on this thread, with the mail waiting in its inbox. */
  activate(id: string): Activation {
    const quarantine = this.quarantined.get(id);
    if (quarantine) return { kind: 'quarantined', error: quarantine };
    let record: ActorRecord | undefined;
    try {
      record = this.store.getActor(id);
    } catch (error) {
      const reason = error instanceof Error ? error : new StateDecodeError(id, error);
      this.quarantined.set(id, reason);
      this.host.emit({
        type: 'actor-quarantined',
        id,
        error: toErrorRecord(reason),
        thread: this.host.thread,
      });
      return { kind: 'quarantined', error: reason };
    }
    if (!record) return { kind: 'unknown' };
    if (record.spec.thread !== this.host.thread) return { kind: 'elsewhere', thread: record.spec.thread };
    const cell = new ActorCell(record.spec, this.host);
    cell.epoch = (this.store.getEpoch(id) ?? 0) + 1;
    cell.loaded = new Set();
    this.host.cells.set(id, cell);
    for (const { key, value } of this.store.inboxOf(id)) {
      cell.mailbox.restore(new Envelope(value.message, value.replyTo, key[1], value.missed));
      cell.loaded.add(key[1]);
    }
    // Claim the actor: a turn of an older activation can no longer commit over this one.
    const epoch = cell.epoch;
    this.add(
      cell,
      (w) => w.setEpoch(id, epoch),
      noop,
      (error) => this.reset(cell, error),
    );
    this.host.startStored(cell, record);
    return { kind: 'active', cell };
  }

  /** At start: actors homed here with mail waiting come back at once; the rest wait for their first message. */
  recover(): number {
    let resumed = 0;
    for (const id of this.store.actorsWithMail()) {
      if (this.host.cells.has(id)) continue;
      const activation = this.activate(id);
      if (activation.kind === 'active') resumed++;
    }
    return resumed;
  }

  /** Is `target` a durable actor (mail to it goes through its stored inbox)? */
  isDurable(
    target: ActorRef<unknown>,
    local: ActorCell | undefined,
    spawned: ReadonlyMap<string, SpawnSpec>,
  ): boolean {
    if (local && !local.removed) return local.spec.persistent;
    const spec = spawned.get(target.id);
    if (spec) return spec.persistent;
    return this.store.hasActor(target.id);
  }

  // ── Commits ──────────────────────────────────────────────────────────────────

  /**
   * Commit a turn of `cell`: the message it handled (`processed`, 0 for init), its new
   * state, and `writeEffects`. `after` releases the effects once acknowledged.
   */
  commitTurn(
    cell: ActorCell,
    processed: number,
    writeEffects: (w: StoreWriter) => void,
    after: () => void,
  ): void {
    const id = cell.id;
    const epoch = cell.epoch;
    const state = cell.state;
    const version = cell.behaviour?.version ?? 1;
    this.add(
      cell,
      (w) => {
        if ((w.getEpoch(id) ?? 0) !== epoch) throw new FencedError(id, epoch);
        if (processed > 0) w.removeInbox([id, processed]);
        // The spec was written once, at spawn: a turn writes only the state.
        w.putState(id, state, version);
        writeEffects(w);
      },
      after,
      (error) => this.reset(cell, error),
    );
  }

  /** Run `after` once everything this actor has written so far is acknowledged (at once when nothing is pending). */
  afterCommitted(cell: ActorCell, after: () => void): void {
    if (cell.pendingCommits === 0) {
      after();
      return;
    }
    this.add(cell, noop, after, (error) => this.reset(cell, error));
  }

  /** Remove one message from an actor's stored inbox (it was quarantined). */
  dropMail(cell: ActorCell, seq: number): void {
    const id = cell.id;
    this.add(
      cell,
      (w) => w.removeInbox([id, seq]),
      noop,
      (error) => this.emitCommitFailure(id, error),
    );
  }

  /** A new durable actor's record (before init ran), written by the commit of its spawner. */
  writeSpawn(w: StoreWriter, spec: SpawnSpec, spawnSeq: number): boolean {
    if (w.hasActor(spec.id)) return false;
    w.putActor({ spec, state: undefined, initialized: false, version: 0, spawnSeq });
    w.putChild(spec.parent?.id ?? '', spawnSeq, spec.id);
    w.setEpoch(spec.id, 0);
    return true;
  }

  /** Remove a stopped actor from the store: record, inbox, timers, its place in the tree. */
  commitStop(cell: ActorCell, after: () => void): void {
    const { id } = cell;
    const parent = cell.spec.parent?.id ?? '';
    const spawnSeq = cell.spawnSeq;
    this.add(
      cell,
      (w) => {
        w.removeActor(id);
        w.removeInboxOf(id);
        w.removeTimersOf(id);
        w.removeChild(parent, spawnSeq);
      },
      after,
      // A stop that could not be written still stops the actor in memory; the store keeps it.
      (error) => {
        this.emitCommitFailure(id, error);
        after();
      },
    );
  }

  /** Write an inbox entry for a message to a durable actor; returns its sequence number. */
  writeMail(w: StoreWriter, to: string, seq: number, mail: InboxRecord): void {
    w.putInbox([to, seq], mail);
  }

  nextSeq(): number {
    return this.sequence.next();
  }

  private add(
    cell: ActorCell,
    write: (w: StoreWriter) => void,
    after: () => void,
    onFail: (error: Error) => void,
  ): void {
    const incarnation = cell.incarnation;
    cell.pendingCommits++;
    this.pipeline.add({
      write: (w) => {
        if (cell.incarnation !== incarnation && cell.removed) throw new StaleTurnError();
        write(w);
      },
      after: () => {
        cell.pendingCommits--;
        after();
      },
      onFail: (error) => {
        cell.pendingCommits--;
        if (!(error instanceof StaleTurnError)) onFail(error);
      },
    });
  }

  // ── Failure, passivation, shutdown ───────────────────────────────────────────

  /**
   * A commit of this actor failed: nothing of it was written and nothing left. Drop the
   * in-memory actor (its state and mailbox may be ahead of the store) and reload it.
   */
  reset(cell: ActorCell, error: Error): void {
    if (this.host.cells.get(cell.id) !== cell) return;
    this.emitCommitFailure(cell.id, error);
    this.host.dropCell(cell, 'reset');
    if (!(error instanceof FencedError)) this.activate(cell.id);
  }

  private emitCommitFailure(id: string, error: Error): void {
    this.host.emit({ type: 'commit-failed', id, error: toErrorRecord(error), thread: this.host.thread });
  }

  /** Idle durable actors leave memory; their state stays in the store. */
  passivateIdle(now = Date.now()): number {
    let passivated = 0;
    for (const cell of [...this.host.cells.values()]) {
      if (!cell.spec.persistent || cell.status !== 'active' || cell.scheduled) continue;
      if (cell.mailboxDepth > 0 || cell.pendingCommits > 0 || now - cell.lastActive < this.idleTimeoutMs)
        continue;
      if (cell.children && cell.children.size > 0) continue;
      this.host.dropCell(cell, 'passivated');
      passivated++;
    }
    return passivated;
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.pipeline.idle();
    await this.store.close();
  }
}

/** A stale activation tried to commit over a newer one. */
export class FencedError extends TroupeError {
  constructor(id: string, epoch: number) {
    super(
      'fenced',
      `actor "${id}" was activated again elsewhere; this activation (epoch ${epoch}) may not write`,
    );
  }
}

function noop(): void {}
