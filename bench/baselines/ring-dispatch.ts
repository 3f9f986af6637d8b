/**
 * Baseline: a bare in-thread dispatch loop — the ceiling for local tells.
 *
 * 10k "actors", each a ring-buffer mailbox plus a `receive(count, message) => count`. A tell
 * pushes onto the mailbox and, if the actor is idle, onto a run queue; the loop takes an
 * actor from the run queue and handles up to `throughput` messages (like an actor runtime's
 * fairness budget). No envelopes, no errors, no supervision: only the shape of dispatch.
 */
import { runForDuration, type Throughput } from '../harness/measure.js';
import { createSyncSession, type MeasureSession } from '../harness/session.js';
import { RingMailbox } from './ring-mailbox.js';

interface IncrementMessage {
  readonly type: 'inc';
  readonly by: number;
}

/** The actor contract at its barest: next state from state and message. */
type Receive = (count: number, message: IncrementMessage) => number;

interface BareActor {
  readonly mailbox: RingMailbox<IncrementMessage>;
  readonly receive: Receive;
  count: number;
  scheduled: boolean;
}

const addToCount: Receive = (count, message) => count + message.by;

export interface RingDispatchOptions {
  readonly actors: number;
  readonly durationMs: number;
  /**
   * Messages per loop step (told round robin, then dispatched until idle). Match the troupe
   * driver's tells per turn: the figure depends on mailbox depth (cache misses) — over 10 k
   * actors, 10 k per step ≈ 45 M msg/s here, 1 M per step (100 per mailbox) ≈ 9 M msg/s.
   */
  readonly messagesPerStep: number;
  readonly throughput: number;
}

export const DEFAULT_RING_DISPATCH: RingDispatchOptions = {
  actors: 10_000,
  durationMs: 700,
  messagesPerStep: 1_000,
  throughput: 64,
};

class BareDispatcher {
  readonly actors: BareActor[];
  private readonly runQueue = new RingMailbox<BareActor>(1024);

  constructor(
    actorCount: number,
    private readonly throughput: number,
  ) {
    this.actors = Array.from({ length: actorCount }, () => ({
      mailbox: new RingMailbox<IncrementMessage>(),
      receive: addToCount,
      count: 0,
      scheduled: false,
    }));
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
        actor.count = actor.receive(actor.count, message);
      }
      if (actor.mailbox.size > 0) this.runQueue.push(actor);
      else actor.scheduled = false;
    }
  }

  total(): number {
    return this.actors.reduce((sum, actor) => sum + actor.count, 0);
  }
}

/** A dispatcher set up once; each round tells round robin for `durationMs` and reports msg/s. */
export function createRingDispatchSession(
  options: RingDispatchOptions = DEFAULT_RING_DISPATCH,
): MeasureSession<Throughput> {
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
  return createSyncSession(() => {
    const before = dispatcher.total();
    const result = runForDuration(options.durationMs, step);
    if (dispatcher.total() - before !== result.operations) throw new Error('ring-dispatch lost messages');
    return result;
  });
}
