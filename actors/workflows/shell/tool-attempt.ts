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
import type { WorkflowEvent } from '../run/types.js';
import type { AttemptAbort } from './attempt-abort.js';
import type { RunMsg, StartStepCommand } from './messages.js';
import type { RunLeases } from './run-waits.js';
import { type StepTools, type ToolUsage, toToolFailure } from './step-tools.js';

/** Call the attempt's tool; the event to report, or null when it was aborted meanwhile. */
export async function callToolAttempt(
  tools: StepTools,
  runId: string,
  command: StartStepCommand,
  abort: AttemptAbort,
  leases?: RunLeases,
): Promise<WorkflowEvent | null> {
  const work = command.work;
  if (work.kind !== 'tool') throw new TypeError(`not a tool step: ${work.kind}`);
  const address = {
    step: command.step,
    ...(command.child === undefined ? {} : { child: command.child }),
    attempt: command.attempt,
  };
  const redacts = work.security?.piiRedaction === true;
  try {
    const input = redacts ? redactValue(command.input) : command.input;
    const result = await tools.call(work.tool, input, {
      idempotencyKey: command.idempotencyKey,
      get signal() {
        return abort.signal;
      },
      ...(work.provider === undefined ? {} : { provider: work.provider }),
      config: work.config,
      ...(work.security === undefined ? {} : { security: work.security }),
      runId,
      step: command.step,
      attempt: command.attempt,
      ...(leases === undefined ? {} : { leases }),
    });
    if (abort.aborted) return null;
    return {
      type: 'step-succeeded',
      ...address,
      output: redacts ? redactValue(result.output) : result.output,
      ...(result.usage ? { usage: usageOf(result.usage) } : {}),
    };
  } catch (error) {
    return abort.aborted ? null : { type: 'step-failed', ...address, error: toToolFailure(error) };
  }
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
