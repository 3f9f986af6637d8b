/**
 * What became of our (troupe) half of a comparison, and how it turns into a result.
 *
 * `unavailable`: the runtime could not be loaded (the baselines still ran). `failed`: it
 * threw or timed out. Either way the result keeps the baseline with `value: null` and a
 * note saying why. Running the halves is `interleave.ts`'s job.
 */
import { type BenchResult, createMissingResult, createResult, type ResultFields } from './result.js';

export type TroupeHalf<T> =
  | { readonly status: 'measured'; readonly value: T }
  | { readonly status: 'unavailable' | 'failed'; readonly reason: string };

/** One result from a half: the measured figure `pick` extracts, or a missing one. */
export function resultFromHalf<T>(
  fields: ResultFields,
  half: TroupeHalf<T>,
  pick: (value: T) => number,
): BenchResult {
  return half.status === 'measured'
    ? createResult(fields, pick(half.value))
    : createMissingResult(fields, half.status, half.reason);
}
