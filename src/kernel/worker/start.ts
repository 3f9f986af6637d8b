/**
 * `Starter`: bringing an actor of this thread to life once its cell exists — running
 * `init` (sync or async), committing a durable actor's first state before anyone hears of
 * it, answering a waiting spawner, and resuming a stored actor's committed state (after a
 * schema migration, if the code is newer) or running `init` if it never ran.
 *
 * Creating the cell is `spawn.ts`'s (or `durable/activation.ts`'s); a failed start is
 * handed to `failure.ts`.
 */
import type { ReplyTo } from '../actor/context.js';
import type { ActorRecord } from '../persistence/records.js';
import type { ActorCell, AnyBehaviour } from './cell.js';
import type { DurableCommits } from './durable/commits.js';
import type { DurablePlan } from './durable/effects-plan.js';
import type { Effect } from './effects.js';
import type { Failure } from './failure.js';
import type { KindLoader } from './kind-loader.js';
import { migrateState } from './migrate.js';
import type { Outbound } from './outbound.js';
import type { RunQueue } from './run-queue.js';
import type { ThreadState } from './thread-state.js';
import type { TurnContext, TurnContexts } from './turn-context.js';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Carry out the effects `init` recorded (`EffectApplier.apply`). */
export type ApplyEffects = (cell: ActorCell, effects: readonly Effect[], plan: DurablePlan | null) => void;

export class Starter {
  private readonly cells: Map<string, ActorCell>;
  private readonly pulse: () => void;

  constructor(
    state: ThreadState,
    private readonly kinds: KindLoader,
    private readonly contexts: TurnContexts,
    private readonly runQueue: RunQueue,
    private readonly outbound: Outbound,
    private readonly failure: Failure,
    /** `null` in a memory-only system. */
    private readonly commits: DurableCommits | null,
    private readonly applyEffects: ApplyEffects,
  ) {
    this.cells = state.cells;
    this.pulse = () => state.pulse();
  }

  /** Run `init` (unless a durable actor's state exists already) and make the actor active. */
  start(cell: ActorCell, replyTo: ReplyTo | null): void {
    // The code is still loading: the loader starts the actor when it arrives.
    if (!cell.behaviour) return;
    if (cell.spec.persistent && this.commits && cell.initialized) {
      cell.status = 'active';
      if (cell.mailboxDepth > 0 && !cell.scheduled) this.runQueue.schedule(cell);
      return;
    }
    cell.status = 'starting';
    const ctx = this.contexts.open(cell, undefined);
    const behaviour = cell.behaviour as AnyBehaviour;
    let result: unknown;
    try {
      result = behaviour.init(cell.spec.args, ctx);
    } catch (error) {
      ctx.close();
      ctx.takeEffects();
      this.initFailed(cell, error, replyTo);
      return;
    }
    if (isPromiseLike(result)) {
      this.contexts.release();
      result.then(
        (state) => this.started(cell, ctx, state, replyTo),
        (error: unknown) => {
          ctx.close();
          if (ctx.incarnation === cell.incarnation && this.cells.get(cell.id) === cell)
            this.initFailed(cell, error, replyTo);
        },
      );
    } else {
      this.started(cell, ctx, result, replyTo);
    }
  }

  private started(cell: ActorCell, ctx: TurnContext, state: unknown, replyTo: ReplyTo | null): void {
    ctx.close();
    this.pulse();
    const effects = ctx.takeEffects();
    if (ctx.incarnation !== cell.incarnation || this.cells.get(cell.id) !== cell) return;
    cell.state = state;
    cell.initialized = true;
    cell.status = 'active';
    const release = (plan: DurablePlan | null) => {
      if (effects) this.applyEffects(cell, effects, plan);
      if (replyTo) this.outbound.sendReply(replyTo, { id: cell.id, thread: cell.spec.thread });
    };
    if (cell.spec.persistent && this.commits) {
      // The actor's record, with its first state, is written before anyone hears of it.
      const fresh = cell.freshRecord;
      cell.freshRecord = false;
      const { id, spawnSeq, spec } = cell;
      const version = cell.behaviour?.version ?? 1;
      const parent = spec.parent?.id ?? '';
      this.commits.commitTurn(cell, 0, effects, release, (w) => {
        if (!fresh) return;
        w.putActor({ spec, state, initialized: true, version, spawnSeq });
        w.putChild(parent, spawnSeq, id);
      });
    } else {
      release(null);
    }
    if (cell.mailboxDepth > 0 && !cell.scheduled && cell.status === 'active') this.runQueue.schedule(cell);
  }

  private initFailed(cell: ActorCell, error: unknown, replyTo: ReplyTo | null): void {
    if (replyTo) this.failure.abandon(cell, error, replyTo);
    else this.failure.fail(cell, error);
  }

  /** A stored actor was activated: resume its committed state, or run `init` if it never ran. */
  startStored(cell: ActorCell, record: ActorRecord): void {
    cell.spawnSeq = record.spawnSeq;
    cell.childrenInStore = true;
    const begin = (behaviour: AnyBehaviour) => {
      if (this.cells.get(cell.id) !== cell) return;
      cell.behaviour = behaviour;
      if (!record.initialized) {
        this.start(cell, null);
        return;
      }
      try {
        cell.state = migrateState(behaviour, record.state, record.version);
      } catch (error) {
        this.failure.fail(cell, error);
        return;
      }
      cell.initialized = true;
      cell.status = 'active';
      if (cell.mailboxDepth > 0 && !cell.scheduled) this.runQueue.schedule(cell);
    };
    let kind: AnyBehaviour | Promise<AnyBehaviour>;
    try {
      kind = this.kinds.load(record.spec.kind);
    } catch (error) {
      this.failure.fail(cell, error);
      return;
    }
    if (kind instanceof Promise) kind.then(begin, (error: unknown) => this.failure.fail(cell, error));
    else begin(kind);
  }
}
