/**
 * Baselines on xstate v5, the peer we compare against in-process:
 *
 * - `createXstateTellLocalSession`: 10k transition actors (`fromTransition`, a counter),
 *   events sent round robin with `.send()`; processed events per second.
 * - `createXstatePingPongSession`: two actors that bounce a ball; on each receipt the actor
 *   sends to its peer (through `actorScope.defer`, xstate's way to run an effect after the
 *   transition). Round trips per second.
 *
 * xstate processes a `.send()` synchronously when the target is idle, so both loops are
 * plain synchronous code and need no completion signal beyond returning.
 */
import { type ActorRef, createActor, fromTransition, type Snapshot } from 'xstate';
import { runForDuration, type Throughput } from '../harness/measure.js';
import type { MeasureSession } from '../harness/session.js';

type CounterEvent = { readonly type: 'inc'; readonly by: number };

const counterLogic = fromTransition((count: number, event: CounterEvent) => count + event.by, 0);

export interface XstateTellLocalOptions {
  readonly actors: number;
  readonly durationMs: number;
  readonly messagesPerStep: number;
}

export const DEFAULT_XSTATE_TELL_LOCAL: XstateTellLocalOptions = {
  actors: 10_000,
  durationMs: 700,
  messagesPerStep: 10_000,
};

/** 10k counter actors started once; each round sends round robin for `durationMs`. */
export function createXstateTellLocalSession(
  options = DEFAULT_XSTATE_TELL_LOCAL,
): MeasureSession<Throughput> {
  const actors = Array.from({ length: options.actors }, () => createActor(counterLogic).start());
  let next = 0;
  const step = (): number => {
    for (let sent = 0; sent < options.messagesPerStep; sent++) {
      (actors[next] as (typeof actors)[number]).send({ type: 'inc', by: 1 });
      next = next + 1 === actors.length ? 0 : next + 1;
    }
    return options.messagesPerStep;
  };
  const processed = () => actors.reduce((sum, actor) => sum + actor.getSnapshot().context, 0);
  return {
    measureRound: async () => {
      const before = processed();
      const result = runForDuration(options.durationMs, step);
      if (processed() - before !== result.operations) throw new Error('xstate tell-local lost events');
      return result;
    },
    close: async () => {
      for (const actor of actors) actor.stop();
    },
  };
}

type BallEvent =
  | { readonly type: 'connect'; readonly peer: BallRef }
  | { readonly type: 'budget'; readonly remaining: number }
  | { readonly type: 'serve'; readonly rounds: number }
  | { readonly type: 'ball' };

interface BallState {
  readonly peer: BallRef | null;
  /** Balls still to send back (the server counts down; the returner always returns). */
  readonly remaining: number;
  readonly returned: number;
}

type BallRef = ActorRef<Snapshot<unknown>, BallEvent>;

const ballLogic = fromTransition(
  (state: BallState, event: BallEvent, scope): BallState => {
    switch (event.type) {
      case 'connect':
        return { ...state, peer: event.peer };
      case 'budget':
        return { ...state, remaining: event.remaining };
      case 'serve': {
        const peer = state.peer;
        scope.defer(() => peer?.send({ type: 'ball' }));
        return { ...state, remaining: event.rounds - 1 };
      }
      case 'ball': {
        const peer = state.peer;
        if (state.remaining <= 0) return { ...state, returned: state.returned + 1 };
        scope.defer(() => peer?.send({ type: 'ball' }));
        return { ...state, remaining: state.remaining - 1, returned: state.returned + 1 };
      }
    }
  },
  { peer: null, remaining: 0, returned: 0 } as BallState,
);

export interface XstatePingPongOptions {
  readonly durationMs: number;
  readonly roundsPerStep: number;
}

export const DEFAULT_XSTATE_PING_PONG: XstatePingPongOptions = { durationMs: 700, roundsPerStep: 10_000 };

/** Two xstate actors in the same thread; each round rallies for `durationMs`, round trips/s. */
export function createXstatePingPongSession(options = DEFAULT_XSTATE_PING_PONG): MeasureSession<Throughput> {
  const server = createActor(ballLogic).start();
  const returner = createActor(ballLogic).start();
  server.send({ type: 'connect', peer: returner });
  returner.send({ type: 'connect', peer: server });
  // The returner must never run out: give it an effectively endless budget.
  returner.send({ type: 'budget', remaining: Number.MAX_SAFE_INTEGER });
  const step = (): number => {
    server.send({ type: 'serve', rounds: options.roundsPerStep });
    return options.roundsPerStep;
  };
  return {
    measureRound: async () => {
      const before = server.getSnapshot().context.returned;
      const result = runForDuration(options.durationMs, step);
      const returned = server.getSnapshot().context.returned - before;
      if (returned !== result.operations)
        throw new Error(`xstate ping-pong lost balls (${returned} of ${result.operations})`);
      return result;
    },
    close: async () => {
      server.stop();
      returner.stop();
    },
  };
}
