/**
 * `WorkflowToolRunner`: one per worker thread (not durable), carrying out the tool steps whose
 * tools are thread tools (thread-tools.ts) for the run actors of its thread. A run tells it to
 * start an attempt as an effect of the turn that committed the attempt — so the call still
 * begins only after the commit — and the runner hands the outcome back to the run the way the
 * main thread's executor does (an ask, answered once the turn that took it is committed;
 * tool-attempt.ts). No message crosses a thread for such a step.
 *
 * Its `init` imports the modules and registers the runner as the thread's; a run on a thread
 * with no runner (not spawned yet, or its thread was replaced and the new one not yet spawned)
 * sends its steps to the main thread's executor, which has the same functions. A thread dying
 * takes the calls in flight with it: the runs resync (thread-resync.ts) and send them again.
 *
 * Not here: which runs route here (run-effects.ts), the call itself (tool-attempt.ts).
 */
import { defineActor } from '../../../src/kernel/index.js';
import { AttemptAbort } from './attempt-abort.js';
import type { CancelStepCommand } from './messages.js';
import type { ToolFunction } from './step-tools.js';
import {
  loadThreadTools,
  registerToolRunner,
  type ThreadToolsRef,
  unregisterToolRunner,
} from './thread-tools.js';
import { attemptFailure, callToolFunction, reportOutcome, ToolAttempt } from './tool-attempt.js';
import type { ToolRunnerMsg } from './tool-runner-messages.js';

export interface ToolRunnerArgs {
  readonly modules: readonly ThreadToolsRef[];
}

/** The attempts in flight on this thread, by idempotency key. */
class ThreadCalls {
  /**
   * By idempotency key. An attempt in flight here is not started twice; one that ended is not
   * remembered: a run sends an attempt again only after its thread was replaced or the process
   * restarted (a resync, a restart), and then this runner is a new one that never ran it.
   */
  private readonly inFlight = new Map<string, AttemptAbort>();

  constructor(private readonly functions: ReadonlyMap<string, ToolFunction>) {}

  start(message: Extract<ToolRunnerMsg, { type: 'start-step' }>): void {
    const { command, run } = message;
    const key = command.idempotencyKey;
    if (this.inFlight.has(key)) return;
    const abort = new AttemptAbort();
    let attempt: ToolAttempt;
    try {
      attempt = new ToolAttempt(message.runId, command, abort);
    } catch (error) {
      // Its input could not be made (redaction threw): the attempt fails, the run decides.
      void reportOutcome(run, attemptFailure(command, error));
      return;
    }
    const fn = this.functions.get(attempt.work.tool);
    if (!fn) {
      // The run routes only this runner's tools here: a name it lacks is a bug, reported as the attempt's failure.
      const missing = Object.assign(new Error(`no thread tool "${attempt.work.tool}" on this thread`), {
        code: 'unknown_tool',
        retryable: false,
      });
      const event = attempt.failed(missing);
      if (event) void reportOutcome(run, event);
      return;
    }
    this.inFlight.set(key, abort);
    callToolFunction(fn, attempt, (event) => {
      if (this.inFlight.get(key) === abort) this.inFlight.delete(key);
      return reportOutcome(run, event);
    });
  }

  cancel(command: CancelStepCommand): void {
    this.inFlight.get(command.idempotencyKey)?.abort(new Error(command.reason));
    this.inFlight.delete(command.idempotencyKey);
  }

  abortAll(reason: string): void {
    for (const abort of this.inFlight.values()) abort.abort(new Error(reason));
    this.inFlight.clear();
  }
}

export const WorkflowToolRunner = defineActor<ToolRunnerMsg, ThreadCalls, ToolRunnerArgs>({
  module: import.meta.url,
  name: 'WorkflowToolRunner',
  persistent: false,
  async init(args, ctx) {
    const functions = await loadThreadTools(args.modules);
    const calls = new ThreadCalls(functions);
    registerToolRunner({ ref: ctx.self, names: new Set(functions.keys()) });
    return calls;
  },
  receive(calls, message) {
    switch (message.type) {
      case 'start-step':
        calls.start(message);
        return calls;
      case 'cancel-step':
        calls.cancel(message.command);
        return calls;
    }
  },
  terminate(calls, _reason, ctx) {
    unregisterToolRunner(ctx.self);
    calls.abortAll('the workflow engine stopped');
  },
});
