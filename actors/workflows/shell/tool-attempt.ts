/**
 * One tool step's attempt, carried out wherever it runs (the main thread's executor, or a
 * thread's tool runner): the call through `StepTools` with the attempt's idempotency key and
 * an abort signal, `guards.security.piiRedaction` applied both ways, and the outcome as the
 * event the run takes — then handed to the run (`reportOutcome`).
 *
 * Not here: deciding to call, retry or fall back (the core), who listens (executor.ts).
 */
import type { ActorRef } from '../../../src/kernel/index.js';
import { redactValue } from '../../security/redaction.js';
import type { Mutable } from '../run/turn.js';
import type { WorkflowEvent } from '../run/types.js';
import type { AttemptAbort } from './attempt-abort.js';
import type { RunMsg, StartStepCommand } from './messages.js';
import type { RunLeases } from './run-waits.js';
import {
  type StepTools,
  type ToolCallOptions,
  type ToolCallResult,
  type ToolFunction,
  type ToolUsage,
  toToolFailure,
} from './step-tools.js';

type ToolWork = Extract<StartStepCommand['work'], { kind: 'tool' }>;

/** One attempt of a tool step: its input and options as the tool gets them, its outcome as the run takes it. */
export class ToolAttempt {
  readonly work: ToolWork;
  readonly input: unknown;
  readonly options: ToolCallOptions;
  private readonly redacts: boolean;

  constructor(
    runId: string,
    private readonly command: StartStepCommand,
    private readonly abort: AttemptAbort,
    leases?: RunLeases,
  ) {
    const work = command.work;
    if (work.kind !== 'tool') throw new TypeError(`not a tool step: ${work.kind}`);
    this.work = work;
    // `guards.security.piiRedaction`: the tool gets, and the run keeps, redacted data only.
    this.redacts = work.security?.piiRedaction === true;
    this.input = this.redacts ? redactValue(command.input) : command.input;
    const options: Mutable<ToolCallOptions> = {
      idempotencyKey: command.idempotencyKey,
      get signal() {
        return abort.signal;
      },
      config: work.config,
      runId,
      step: command.step,
      attempt: command.attempt,
    };
    if (work.provider !== undefined) options.provider = work.provider;
    if (work.security !== undefined) options.security = work.security;
    if (leases !== undefined) options.leases = leases;
    this.options = options;
  }

  /** The event for what the tool returned; null when the attempt was aborted meanwhile. */
  succeeded(result: ToolCallResult): WorkflowEvent | null {
    if (this.abort.aborted) return null;
    const { step, child, attempt } = this.command;
    const output = this.redacts ? redactValue(result.output) : result.output;
    const event: Mutable<Extract<WorkflowEvent, { type: 'step-succeeded' }>> =
      child === undefined
        ? { type: 'step-succeeded', step, attempt, output }
        : { type: 'step-succeeded', step, child, attempt, output };
    if (result.usage) event.usage = usageOf(result.usage);
    return event;
  }

  /** The event for what the tool threw; null when the attempt was aborted meanwhile. */
  failed(error: unknown): WorkflowEvent | null {
    return this.abort.aborted ? null : attemptFailure(this.command, error);
  }
}

/** The attempt failed with `error` (thrown by its tool, or before it could be called). */
export function attemptFailure(command: StartStepCommand, error: unknown): WorkflowEvent {
  const { step, child, attempt } = command;
  const failure = toToolFailure(error);
  return child === undefined
    ? { type: 'step-failed', step, attempt, error: failure }
    : { type: 'step-failed', step, child, attempt, error: failure };
}

/** Call the attempt's tool; the event to report, or null when it was aborted meanwhile. */
export async function callToolAttempt(
  tools: StepTools,
  runId: string,
  command: StartStepCommand,
  abort: AttemptAbort,
  leases?: RunLeases,
): Promise<WorkflowEvent | null> {
  let attempt: ToolAttempt;
  try {
    attempt = new ToolAttempt(runId, command, abort, leases);
  } catch (error) {
    // Its input could not be made (redaction threw): the attempt fails, the run decides.
    return attemptFailure(command, error);
  }
  try {
    return attempt.succeeded(await tools.call(attempt.work.tool, attempt.input, attempt.options));
  } catch (error) {
    return attempt.failed(error);
  }
}

/**
 * Call a tool function of this thread: a function that returns at once (most in-process tools)
 * is answered without a promise in between; `report` gets the event (none when aborted).
 */
export function callToolFunction(
  fn: ToolFunction,
  attempt: ToolAttempt,
  report: (event: WorkflowEvent) => unknown,
): void {
  const settle = (event: WorkflowEvent | null) => {
    if (event) void report(event);
  };
  // What came back may not be a result at all (`undefined`, a string): that fails the attempt too.
  const succeed = (result: ToolCallResult) => {
    let event: WorkflowEvent | null;
    try {
      event = attempt.succeeded(result);
    } catch (error) {
      event = attempt.failed(error);
    }
    settle(event);
  };
  let returned: ToolCallResult | Promise<ToolCallResult>;
  try {
    returned = fn(attempt.input, attempt.options);
  } catch (error) {
    settle(attempt.failed(error));
    return;
  }
  if (isPromiseLike(returned))
    void Promise.resolve(returned).then(succeed, (error: unknown) => settle(attempt.failed(error)));
  else succeed(returned);
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

/**
 * Hand the run an outcome; resolved once the run's turn that took it is committed (or the
 * run is gone). First as an ask: an ask is not written to the run's inbox, so the outcome
 * and the transition it causes go to the store in one commit — one commit per step instead
 * of two (the inbox's, then the turn's). Until that commit the attempt is in flight in the
 * run's stored state: a crash of the process before it resumes the attempt as any attempt in
 * flight (sent again under its key, or `outcome_unknown`). An ask that fails (the run's thread
 * was replaced, the ask timed out) is followed by the stored tell, so the outcome still
 * arrives; if the ask's turn had committed after all, the run ignores the second copy (an
 * outcome counts only for the attempt in flight).
 */
export async function reportOutcome(run: ActorRef<RunMsg>, event: WorkflowEvent): Promise<void> {
  const message: RunMsg = { type: 'event', event };
  try {
    await run.ask(message);
    return;
  } catch {
    // Not answered: send it the stored way.
  }
  try {
    await run.tell(message);
  } catch {
    // The system is shutting down or the run is gone: after a restart the run resumes the attempt.
  }
}

function usageOf(usage: ToolUsage): { tokens?: number; cost?: number } {
  const usable = (value: number | undefined) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  const tokens = usable(usage.tokens);
  const cost = usable(usage.cost);
  return { ...(tokens === undefined ? {} : { tokens }), ...(cost === undefined ? {} : { cost }) };
}
