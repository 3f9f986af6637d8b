/**
 * The workflows scenario's kernel floor: the turns and messages a durable 3-step workflow run
 * with a thread tool makes, without the workflow logic. A `PatternRun` (durable) holds a
 * state shaped and sized like a run's (its steps, attempts, timings), and for each step tells
 * its thread's `PatternRunner` (not durable) to "call the tool"; the runner hands the output
 * back by an ask, answered once the run's next turn — its whole state written again — is
 * committed; each turn tells the main thread its news, the last one the end. What the
 * workflow engine adds on top of this (transitions, templates, budgets, results, the run's
 * table lines) is the difference between the two rows.
 */
import { type ActorRef, defineActor, reply } from '../../src/kernel/index.js';

const STEPS = ['one', 'two', 'three'] as const;

export type PatternNews = {
  readonly type: 'news';
  readonly id: string;
  readonly step: number;
  readonly done: boolean;
};

type RunnerMsg = { readonly run: ActorRef<PatternRunMsg>; readonly step: number };
export type PatternRunMsg = { readonly type: 'output'; readonly step: number; readonly n: number };

/** This thread's runner (module state: one per worker thread). */
let runner: ActorRef<RunnerMsg> | undefined;

export const PatternRunner = defineActor<RunnerMsg, null, void>({
  module: import.meta.url,
  name: 'PatternRunner',
  persistent: false,
  init: (_args, ctx) => {
    runner = ctx.self;
    return null;
  },
  receive: (state, message) => {
    void message.run.ask({ type: 'output', step: message.step, n: message.step + 1 });
    return state;
  },
});

interface PatternState {
  readonly run: ReturnType<typeof runState>;
  readonly main: ActorRef<PatternNews>;
  readonly boot: string;
}

/**
 * A run's state after `done` steps: the fields and sizes a workflow run keeps (a run stores no
 * usage while nothing was spent, and derives its attempts' idempotency keys).
 */
function runState(id: string, done: number, now: number) {
  return {
    id,
    workflow: { name: 'bench-three', version: '1' },
    status: done < STEPS.length ? 'running' : 'completed',
    phase: 'steps',
    createdAt: now,
    trigger: { payload: {} },
    context: {},
    seed: 1_939_271_740,
    steps: STEPS.map((name, index) => ({
      name,
      status: index < done ? 'completed' : index === done ? 'running' : 'pending',
      attempt: index <= done ? 1 : 0,
      target: 0,
      attemptsOnTarget: index <= done ? 1 : 0,
      attempts:
        index <= done
          ? [
              index < done
                ? { attempt: 1, startedAt: now, outcome: 'succeeded', endedAt: now, tool: 'inc' }
                : { attempt: 1, tool: 'inc', startedAt: now, outcome: 'in_flight' },
            ]
          : [],
      ...(index <= done ? { startedAt: now } : {}),
      ...(index < done ? { output: { n: index + 1 }, endedAt: now } : {}),
    })),
    timers: [],
    signals: [],
    startedAt: now,
  };
}

export const PatternRun = defineActor<PatternRunMsg, PatternState, { readonly main: ActorRef<PatternNews> }>({
  module: import.meta.url,
  name: 'PatternRun',
  immutableState: true,
  init: (args, ctx) => {
    if (!runner) throw new Error('no PatternRunner on this thread');
    ctx.tell(runner, { run: ctx.self, step: 0 });
    ctx.tell(args.main, { type: 'news', id: ctx.self.id, step: 0, done: false });
    return { run: runState(ctx.self.id, 0, ctx.now()), main: args.main, boot: 'a'.repeat(36) };
  },
  receive: (state, message, ctx) => {
    const step = message.step + 1;
    const next = { ...state, run: runState(ctx.self.id, step, ctx.now()) };
    const done = step >= STEPS.length;
    if (!done && runner) ctx.tell(runner, { run: ctx.self, step });
    ctx.tell(state.main, { type: 'news', id: ctx.self.id, step, done });
    return ctx.isAsk ? reply(true, next) : next;
  },
});
