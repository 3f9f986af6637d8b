/**
 * `EffectApplier`: carrying out the effects a turn (or `init`, or `terminate`) recorded,
 * in the order they were issued — tells, replies, spawns, stops, timers. It runs once the
 * turn succeeded: at once for an in-memory actor, after the commit for a durable one, whose
 * plan (`durable/effects-plan.ts`) says which tells are already in their target's stored
 * inbox and which spawns were refused.
 *
 * A tell to an actor of this thread goes straight into its mailbox: the in-thread path
 * never leaves the thread.
 */
import type { ActorRef } from '../actor/ref.js';
import { ActorNotFoundError } from '../errors.js';
import type { WireRecord } from '../wire/wire.js';
import { type ActorCell, Envelope, localCell } from './cell.js';
import type { DeadLetters } from './dead-letters.js';
import type { DurablePlan } from './durable/effects-plan.js';
import type { Effect } from './effects.js';
import type { MailDelivery } from './mail-delivery.js';
import type { Outbound } from './outbound.js';
import type { Spawner } from './spawn.js';
import type { Stopper } from './stop.js';
import type { ThreadState } from './thread-state.js';
import type { MemoryTimers } from './timers.js';

export class EffectApplier {
  private readonly thread: number;
  private readonly cells: ReadonlyMap<string, ActorCell>;

  constructor(
    private readonly state: ThreadState,
    private readonly delivery: MailDelivery,
    private readonly deadLetters: DeadLetters,
    private readonly outbound: Outbound,
    private readonly spawner: Spawner,
    private readonly stopper: Stopper,
    private readonly timers: MemoryTimers,
  ) {
    this.thread = state.thread;
    this.cells = state.cells;
  }

  /** Carry out `cell`'s effects, in the order they were issued (`plan`: a durable actor's commit plan). */
  apply(cell: ActorCell, effects: readonly Effect[], plan: DurablePlan | null = null): void {
    this.state.work += effects.length;
    for (let index = 0; index < effects.length; index++) {
      const effect = effects[index] as Effect;
      switch (effect.type) {
        case 'tell': {
          const inbox = plan ? (plan.seqs[index] as number) : 0;
          const { traceparent } = effect;
          if (inbox > 0) this.tellStored(effect.target, effect.message, inbox, traceparent);
          else if (effect.cell && !effect.cell.removed)
            this.delivery.deliverTo(effect.cell, mailItem(effect.message, traceparent), 0);
          else this.tell(effect.target, effect.message, traceparent);
          break;
        }
        case 'reply':
          this.outbound.sendReply(effect.to, effect.value);
          break;
        case 'spawn':
          if (plan?.duplicates.has(index)) this.spawner.refuseDuplicate(effect.spec);
          else this.spawner.spawnChild(cell, effect.spec, plan ? (plan.seqs[index] as number) : 0);
          break;
        case 'stop':
          this.stopper.stopByRequest(cell, effect.target);
          break;
        case 'schedule':
          // A durable actor's timer was written by the commit; the timer wheel fires it.
          if (!plan) this.timers.set(cell, effect.key, effect.dueAt, effect.every, effect.message);
          break;
        case 'table-put':
        case 'table-remove':
          // Written by the commit; nothing to carry out once it is acknowledged.
          break;
        case 'cancel-schedule':
          if (!plan) this.timers.cancel(cell, effect.key);
          break;
      }
    }
  }

  /** A tell whose target's cell was not known when it was issued (or is gone since). */
  private tell(target: ActorRef<unknown>, message: unknown, traceparent: string | null): void {
    if (target.thread === this.thread) {
      const cell = localCell(this.cells, target);
      if (cell) this.delivery.deliverTo(cell, mailItem(message, traceparent), 0);
      else
        this.deadLetters.deadLetter(
          target.id,
          message,
          'unknown-actor',
          new ActorNotFoundError(target.id),
          0,
        );
      return;
    }
    if (traceparent === null) this.outbound.tell(target.thread, target.id, message, 0);
    else this.outbound.route(target.thread, tellRecord(target.id, message, 0, traceparent));
  }

  /** Mail already committed to a durable target's inbox under `inbox`: notify its thread (the trace rides on the notification, not in the store). */
  private tellStored(
    target: ActorRef<unknown>,
    message: unknown,
    inbox: number,
    traceparent: string | null,
  ): void {
    if (target.thread === this.thread)
      this.delivery.deliver(target.id, new Envelope(message, null, inbox, 0, traceparent), 0);
    else if (traceparent === null) this.outbound.tell(target.thread, target.id, message, inbox);
    else this.outbound.route(target.thread, tellRecord(target.id, message, inbox, traceparent));
  }
}

/** A tell as a mailbox holds it: the bare message, or an Envelope when it carries a trace. */
function mailItem(message: unknown, traceparent: string | null): unknown {
  return traceparent === null ? message : new Envelope(message, null, 0, 0, traceparent);
}

/** A traced tell for another thread (untraced ones go through `Outbound.tell`). */
function tellRecord(to: string, message: unknown, inbox: number, traceparent: string): WireRecord {
  return { kind: 'tell', to, message, seq: 0, inbox, traceparent };
}
