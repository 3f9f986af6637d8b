/**
 * Rebuilding a run from its journal: the committed events, each with the time it was handled,
 * folded through `transition` from `initialRun`. Because the state machine is deterministic
 * (the time is the entry's, jitter comes from the run's seed, expressions cannot read the
 * clock), the rebuilt run is the run that was. The commands of the replayed events are not
 * given again: hand the rebuilt run the `restarted` event (recovery.ts) to resume it.
 */
import type { CompiledWorkflow } from '../definition/compile.js';
import { initialRun, type RunOptions, transition } from './transition.js';
import type { WorkflowEvent, WorkflowRun } from './types.js';

export interface JournalEntry {
  readonly event: WorkflowEvent;
  /** When the event was handled (epoch ms): the `now` it was given. */
  readonly at: number;
}

export async function replay(
  workflow: CompiledWorkflow,
  options: RunOptions & { readonly createdAt: number },
  journal: readonly JournalEntry[],
): Promise<WorkflowRun> {
  let run = initialRun(workflow, options, options.createdAt);
  for (const entry of journal) run = (await transition(workflow, run, entry.event, entry.at)).run;
  return run;
}
