/**
 * Merging results (seed 003's `merge_results`): the `results` given (no task, no identity
 * needed), or the completed subtasks' results of a task, in subtask order, then kept as that
 * task's result (its coordinator, creator or assignee may do this). How results merge is
 * merge-results.ts's.
 */
import type { ActorSystem, Outcome } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import { parseInput, sizedValue, writerOf } from './facade-input.js';
import { type MergeStrategy, mergeResults as merge } from './merge-results.js';
import { askTask, readTaskFor, unknownTask } from './task-access.js';
import type { TaskRecord } from './task-record.js';
import { taskSchemas } from './task-schemas.js';

/** A merge: the strategy, how many results went in, and the merged result (and the task that keeps it). */
export interface MergedResults {
  readonly strategy: MergeStrategy;
  readonly count: number;
  readonly result: unknown;
  readonly task: TaskRecord | null;
}

/**
 * Merge results (seed 003's `merge_results`): the `results` given, or the completed subtasks'
 * results of `taskId` in subtask order — then kept as that task's result (its coordinator,
 * creator or assignee may do this).
 */
export async function mergeResults(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<MergedResults>> {
  const parsed = parseInput(taskSchemas(limits).merge, input);
  if (!parsed.ok) return parsed;
  const { strategy, taskId } = parsed.value;
  if (taskId === undefined) {
    const results = parsed.value.results ?? [];
    const result = merge(results, strategy);
    const sized = sizedValue(result, limits.valueBytes, 'results');
    if (!sized.ok) return sized;
    return { ok: true, value: { strategy, count: results.length, result, task: null } };
  }
  const writer = writerOf(caller, 'merging a task’s results');
  if (!writer.ok) return writer;
  const parent = readTaskFor(system, taskId, caller);
  if (!parent) return unknownTask(taskId, 'task_id');
  const results: unknown[] = [];
  for (const childId of parent.subtaskIds) {
    const child = readTaskFor(system, childId, caller);
    if (child?.status === 'completed') results.push(child.result);
  }
  const result = merge(results, strategy);
  const sized = sizedValue(result, limits.valueBytes, 'results');
  if (!sized.ok) return sized;
  const kept = await askTask(system, taskId, { type: 'record-merge', caller, result });
  if (!kept.ok) return kept;
  return { ok: true, value: { strategy, count: results.length, result, task: kept.value } };
}
