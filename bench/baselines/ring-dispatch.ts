/**
 * Baseline: a bare in-thread dispatch loop — the ceiling for local tells.
 *
 * 10k "actors", each a ring-buffer mailbox plus a handler that adds to a counter. A tell
 * pushes onto the mailbox and, if the actor is idle, onto a run queue; the loop takes an
 * actor from the run queue and handles up to `throughput` messages (like an actor runtime's
 * fairness budget). No envelopes, no errors, no supervision: only the shape of dispatch.
 */
import { runForDuration, type Throughput } from '../harness/measure.js';
import { RingMailbox } from './ring-mailbox.js';

interface IncrementMessage {
  readonly type: 'inc';
  readonly by: number;
}

interface BareActor {
  readonly mailbox: RingMailbox<IncrementMessage>;
  count: number;
  scheduled: boolean;
}

export interface RingDispatchOptions {
  readonly actors: number;
  readonly durationMs: number;
  /** Messages per loop step (told round robin, then dispatched until idle). */
  readonly messagesPerStep: number;
  readonly throughput: number;
}

export const DEFAULT_RING_DISPATCH: RingDispatchOptions = {
  actors: 10_000,
  durationMs: 1_000,
  messagesPerStep: 100_000,
  throughput: 64,
};

class BareDispatcher {
  readonly actors: BareActor[];
  private readonly runQueue = new RingMailbox<BareActor>(1024);

  constructor(
    actorCount: number,
    private readonly throughput: number,
  ) {
    this.actors = Array.from({ length: actorCount }, () => ({ mailbox: new RingMailbox(), count: 0, scheduled: false }));
  }

  tell(actor: BareActor, message: IncrementMessage): void {
    actor.mailbox.push(message);
    if (!actor.scheduled) {
      actor.scheduled = true;
      this.runQueue.push(actor);
    }
  }

  runUntilIdle(): void {
    for (let actor = this.runQueue.shift(); actor !== undefined; actor = this.runQueue.shift()) {
      for (let handled = 0; handled < this.throughput; handled++) {
        const message = actor.mailbox.shift();
        if (message === undefined) break;
        actor.count += message.by;
      }
      if (actor.mailbox.size > 0) this.runQueue.push(actor);
      else actor.scheduled = false;
    }
  }

  total(): number {
    return this.actors.reduce((sum, actor) => sum + actor.count, 0);
  }
}

/** Dispatch round robin for `durationMs` (after a short warm-up); returns msg/s. */
export function measureRingDispatch(options: RingDispatchOptions = DEFAULT_RING_DISPATCH): Throughput {
  const dispatcher = new BareDispatcher(options.actors, options.throughput);
  let next = 0;
  const step = (): number => {
    for (let sent = 0; sent < options.messagesPerStep; sent++) {
      dispatcher.tell(dispatcher.actors[next] as BareActor, { type: 'inc', by: 1 });
      next = next + 1 === options.actors ? 0 : next + 1;
    }
    dispatcher.runUntilIdle();
    return options.messagesPerStep;
  };
  runForDuration(Math.min(200, options.durationMs / 4), step);
  const before = dispatcher.total();
  const result = runForDuration(options.durationMs, step);
  if (dispatcher.total() - before !== result.operations) throw new Error('ring-dispatch lost messages');
  return result;
}
