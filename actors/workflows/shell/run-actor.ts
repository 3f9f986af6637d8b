/**
 * The durable run actor: one per run (`run:<id>`), its state the core's `WorkflowRun` plus
 * where to send work (the executor of the current process) and, for a sub-workflow, its
 * parent. Each message becomes one core event; the transition's next run is the turn's new
 * state and its commands the turn's effects (run-effects.ts), so the run is committed before
 * anything it decided is carried out.
 *
 * After a crash the engine of the new process tells every unfinished run `attach` with its
 * executor and a new boot id: the run then takes the core's `restarted` event — completed
 * steps stand, idempotent attempts in flight are sent again under the same key, the others
 * fail with `outcome_unknown`, timers are set again. Durable timers and the signals buffered
 * in the run survive as the state does.
 *
 * Not here: the rules of a run (the core in ../run), calling tools (executor.ts), the API.
 */
import {
  type ActorContext,
  type ActorRef,
  defineActor,
  InvalidArgumentError,
  reply,
} from '../../../src/kernel/index.js';
import { toWorkflowResult } from '../run/result.js';
import { initialRun, type RunOptions, transitionSoon } from '../run/transition.js';
import type { TransitionResult, WorkflowEvent, WorkflowRun } from '../run/types.js';
import { compiledWorkflow } from './compiled-cache.js';
import type { ExecutorMsg, ParentLink, RunMsg, RunView } from './messages.js';
import { carryOut, type ShellState } from './run-effects.js';
import { DEFINITIONS_TABLE, type DefinitionRecord, tableOf } from './tables.js';

export interface RunArgs {
  readonly workflow: { readonly name: string; readonly version: string };
  readonly options: RunOptions;
  readonly executor: ActorRef<ExecutorMsg>;
  readonly boot: string;
  readonly parent?: ParentLink;
  /** The agent that started the run (run-access.ts); none when it was started without one. */
  readonly startedBy?: string;
  /** The tenant it was started in (none: the default tenant). */
  readonly tenantId?: string;
}

export const WorkflowRunActor = defineActor<RunMsg, ShellState, RunArgs>({
  module: import.meta.url,
  name: 'WorkflowRunActor',
  immutableState: true,
  init(args, ctx) {
    const workflow = workflowOf(ctx, args.workflow);
    const now = ctx.now();
    const created: ShellState = {
      run: initialRun(workflow, args.options, now),
      executor: args.executor,
      boot: args.boot,
      ...(args.parent ? { parent: args.parent } : {}),
      ...(args.startedBy === undefined ? {} : { startedBy: args.startedBy }),
      ...(args.tenantId === undefined ? {} : { tenantId: args.tenantId }),
    };
    return afterTransition(transitionSoon(workflow, created.run, { type: 'start' }, now), (started) => {
      const state = { ...created, run: started.run };
      carryOut(ctx, workflow, state, started.commands, true);
      return state;
    });
  },
  receive(state, message, ctx) {
    switch (message.type) {
      case 'get': {
        const workflow = workflowOf(ctx, state.run.workflow);
        const view: RunView = {
          result: toWorkflowResult(workflow, state.run, ctx.now()),
          run: state.run,
          ...(state.parent ? { parentRunId: state.parent.runId } : {}),
          ...(state.startedBy === undefined ? {} : { startedBy: state.startedBy }),
          ...(state.tenantId === undefined ? {} : { tenantId: state.tenantId }),
        };
        return reply(view, state);
      }
      case 'event': {
        const isAsk = ctx.isAsk;
        // The executor asks (executor.ts): its answer comes once the event is committed with the turn.
        return afterTransition(applyEvent(state, message.event, ctx), (next) =>
          isAsk ? reply(true, next) : next,
        );
      }
      case 'timer':
        return applyEvent(state, { type: 'timer-fired', timerId: message.timerId }, ctx);
      case 'attach': {
        if (message.boot === state.boot) return state;
        const attached = { ...state, executor: message.executor, boot: message.boot };
        return applyEvent(attached, { type: 'restarted' }, ctx);
      }
    }
  },
});

type RunCtx = ActorContext<RunMsg>;

/** The run's compiled workflow (its definitions table is opened only when this thread has not compiled it). */
function workflowOf(ctx: RunCtx, workflow: WorkflowRun['workflow']) {
  return compiledWorkflow(() => tableOf<DefinitionRecord>(ctx, DEFINITIONS_TABLE), workflow);
}

/**
 * The state after `event`: at once when the transition needs no JSONata value (most do not:
 * the turn then has no promise in it), else once it has them.
 */
function applyEvent(state: ShellState, event: WorkflowEvent, ctx: RunCtx): ShellState | Promise<ShellState> {
  const workflow = workflowOf(ctx, state.run.workflow);
  const apply = (result: TransitionResult): ShellState => {
    if (result.ignored !== undefined) return state;
    const next = { ...state, run: result.run };
    carryOut(ctx, workflow, next, result.commands);
    return next;
  };
  // An event that is not one (the API checks them first): dropped, the run goes on.
  const dropInvalid = (error: unknown): ShellState => {
    if (error instanceof InvalidArgumentError) return state;
    throw error;
  };
  let result: TransitionResult | Promise<TransitionResult>;
  try {
    result = transitionSoon(workflow, state.run, event, ctx.now());
  } catch (error) {
    return dropInvalid(error);
  }
  return result instanceof Promise ? result.then(apply, dropInvalid) : apply(result);
}

/** `then` for a value that is a promise only sometimes: a value is handed on at once. */
function afterTransition<T, U>(value: T | Promise<T>, next: (value: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
