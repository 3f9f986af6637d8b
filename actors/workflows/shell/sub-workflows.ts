/**
 * Sub-workflow steps: the id of the child run an attempt starts (derived from the attempt,
 * so that an attempt sent again after a crash finds the child it started, never a second
 * one), what the child is given (`input.payload`, `input.context`, else the parent's
 * context), and the outcome the child reports to its parent when it ends.
 * Not here: spawning the child (executor.ts), the child's run (run-actor.ts).
 */
import { createHash } from 'node:crypto';
import type { WorkflowEvent, WorkflowResult } from '../run/types.js';
import type { ParentLink } from './messages.js';

const MAX_RUN_ID = 128;

/** `<parent>.<step>[-<child>].<attempt>`, or a hash of it past 128 characters. */
export function childRunId(
  parentRunId: string,
  unit: { step: string; child?: number; attempt: number },
): string {
  const id = `${parentRunId}.${unit.step}${unit.child === undefined ? '' : `-${unit.child}`}.${unit.attempt}`;
  if (id.length <= MAX_RUN_ID) return id;
  return `sub-${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

/** What a child run is started with, from its step's evaluated input. */
export function childRunInput(
  input: unknown,
  parentContext: unknown,
): { payload: unknown; context: unknown } {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  return {
    payload: Object.hasOwn(given, 'payload') ? given.payload : {},
    context: Object.hasOwn(given, 'context') ? given.context : parentContext,
  };
}

/** The event a finished child sends its parent: its outputs by step, or why it did not complete. */
export function parentEvent(link: ParentLink, result: WorkflowResult): WorkflowEvent {
  const address = {
    step: link.step,
    ...(link.child === undefined ? {} : { child: link.child }),
    attempt: link.attempt,
  };
  const usage = { tokens: result.usage.tokens, cost: result.usage.cost };
  if (result.status === 'completed') {
    const outputs = Object.fromEntries(result.steps.map((step) => [step.name, step.output ?? null]));
    return {
      type: 'step-succeeded',
      ...address,
      output: { runId: result.runId, status: result.status, outputs },
      usage,
    };
  }
  return {
    type: 'step-failed',
    ...address,
    error: {
      code: result.error?.code ?? result.status,
      message: `sub-workflow run "${result.runId}" ${result.status}${result.error ? `: ${result.error.message}` : ''}`,
    },
    usage,
  };
}
