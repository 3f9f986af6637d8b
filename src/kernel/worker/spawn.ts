/**
 * `Spawner`: creating actors on this, their home, thread — from a `spawn` record, from
 * `ctx.spawn` (the parent records the child's spec first, then the child is created on its
 * home thread), or from `system.spawn(kind, { parent })` (the parent adopts the spec). A
 * durable actor whose record is already in the store is activated instead of created. The
 * new cell gets the mail that arrived before it, loads its kind's code, and is started.
 *
 * Starting is `start.ts`'s; a refused or failed spawn is reported by `failure.ts`.
 */
import type { ReplyTo } from '../actor/context.js';
import type { Dispatcher } from '../actor/ref.js';
import { ActorNotFoundError, DuplicateActorIdError, toErrorRecord } from '../errors.js';
import type { Sequence } from '../persistence/sequence.js';
import type { Store } from '../persistence/store.js';
import type { SpawnSpec } from '../wire/wire.js';
import { ActorCell, type AnyBehaviour } from './cell.js';
import type { Activator } from './durable/activation.js';
import type { Failure } from './failure.js';
import type { KindLoader } from './kind-loader.js';
import type { MailDelivery } from './mail-delivery.js';
import type { Outbound } from './outbound.js';
import type { Starter } from './start.js';
import type { ThreadState } from './thread-state.js';

/** The durable side of spawning (`null` in a memory-only system). */
export interface SpawnDurable {
  readonly store: Store;
  readonly sequence: Sequence;
  readonly activator: Activator;
}

export class Spawner {
  private readonly thread: number;
  private readonly cells: Map<string, ActorCell>;

  constructor(
    state: ThreadState,
    /** New cells' refs are bound to it. */
    private readonly dispatcher: Dispatcher,
    private readonly kinds: KindLoader,
    private readonly delivery: MailDelivery,
    private readonly outbound: Outbound,
    private readonly starter: Starter,
    private readonly failure: Failure,
    private readonly durable: SpawnDurable | null,
  ) {
    this.thread = state.thread;
    this.cells = state.cells;
  }

  /** Create an actor on this, its home, thread. A waiting spawner (`replyTo`) learns whether init succeeded. */
  spawn(spec: SpawnSpec, replyTo: ReplyTo | null, spawnSeq = 0): void {
    const existing = this.cells.get(spec.id);
    if (existing) {
      // A durable child whose record its parent committed may be activated here before this
      // record arrives (mail to it came on another port first): that is this very actor,
      // already up, not a duplicate — refusing it would make its parent forget it.
      if (replyTo === null && this.isActivatedEarly(existing, spec)) return;
      this.failure.spawnFailed(spec, new DuplicateActorIdError(spec.id), replyTo);
      return;
    }
    const durable = spec.persistent ? this.durable : null;
    if (durable) {
      if (replyTo === null) {
        // Its record was committed by the spawner (or it existed before a restart): activate it.
        const activation = durable.activator.activate(spec.id);
        // Suspended: it stays in the store until it is resumed (its resume restarts it).
        if (activation.kind === 'active' || activation.kind === 'suspended') return;
        if (activation.kind === 'elsewhere') {
          this.outbound.route(activation.thread, { kind: 'spawn', spec, replyTo });
          return;
        }
      } else if (durable.store.hasActor(spec.id)) {
        this.failure.spawnFailed(spec, new DuplicateActorIdError(spec.id), replyTo);
        return;
      }
    }
    const cell = new ActorCell(spec, this.dispatcher);
    if (durable) {
      cell.spawnSeq = spawnSeq || durable.sequence.next();
      cell.freshRecord = true;
    }
    this.cells.set(spec.id, cell);
    this.delivery.claimEarlyMail(cell);
    let kind: AnyBehaviour | Promise<AnyBehaviour>;
    try {
      kind = this.kinds.load(spec.kind);
    } catch (error) {
      this.failure.abandon(cell, error, replyTo);
      return;
    }
    if (kind instanceof Promise) {
      kind.then(
        (behaviour) => {
          if (this.cells.get(spec.id) !== cell) return;
          cell.behaviour = behaviour;
          this.starter.start(cell, replyTo);
        },
        (error: unknown) => {
          if (this.cells.get(spec.id) === cell) this.failure.abandon(cell, error, replyTo);
        },
      );
    } else {
      cell.behaviour = kind;
      this.starter.start(cell, replyTo);
    }
  }

  /**
   * Is `cell` the stored actor `spec` describes, brought into memory from its committed
   * record? Ids are unique in the store, so the same id under the same parent is that record.
   */
  private isActivatedEarly(cell: ActorCell, spec: SpawnSpec): boolean {
    return (
      spec.persistent &&
      this.durable !== null &&
      cell.spec.persistent &&
      cell.spec.parent?.id === spec.parent?.id &&
      cell.status !== 'stopping'
    );
  }

  /** A child whose id was taken (by a sibling, or in the store at commit): its spawn is refused. */
  refuseDuplicate(spec: SpawnSpec): void {
    const error = new DuplicateActorIdError(spec.id);
    this.outbound.emit({
      type: 'spawn-failed',
      id: spec.id,
      error: toErrorRecord(error),
      thread: this.thread,
    });
  }

  /** `ctx.spawn`: the parent (this thread) records the child spec, then the child is created on its home thread. */
  spawnChild(parent: ActorCell, spec: SpawnSpec, spawnSeq = 0): void {
    if (parent.children?.has(spec.id)) {
      // Keep supervising the existing child; the second spawn fails without touching it.
      this.refuseDuplicate(spec);
      return;
    }
    parent.childRecords().addSpawned(spec);
    if (spec.thread === this.thread) this.spawn(spec, null, spawnSeq);
    else this.outbound.route(spec.thread, { kind: 'spawn', spec, replyTo: null });
  }

  /** `system.spawn(kind, { parent })`: the parent adopts the spec, then the child is created. */
  adopt(spec: SpawnSpec, replyTo: ReplyTo | null): void {
    const parentId = spec.parent?.id ?? '';
    const parent = this.cells.get(parentId);
    if (!parent || parent.status === 'stopping') {
      if (replyTo) this.outbound.sendReplyError(replyTo, new ActorNotFoundError(parentId));
      return;
    }
    if (parent.children?.has(spec.id)) {
      if (replyTo) this.outbound.sendReplyError(replyTo, new DuplicateActorIdError(spec.id));
      return;
    }
    parent.childRecords().addSpawned(spec);
    if (spec.thread === this.thread) this.spawn(spec, replyTo);
    else this.outbound.route(spec.thread, { kind: 'spawn', spec, replyTo });
  }
}
