/**
 * Running the troupe half of a scenario without letting it take the bench down.
 *
 * The half is loaded with a dynamic `import()` of its `troupe-*.js` module, so the
 * baselines still run while the runtime does not load (reported `unavailable`), and a
 * half that throws or exceeds its time limit is reported `failed` — in both cases the
 * result keeps the baseline figure with `value: null` and a note saying why.
 */
import { type BenchResult, type ResultFields, createMissingResult, createResult } from './result.js';
import { withTimeout } from './timeout.js';

export type TroupeHalf<T> =
  | { readonly status: 'measured'; readonly value: T }
  | { readonly status: 'unavailable' | 'failed'; readonly reason: string };

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `[${code}] ` : ''}${error.message.split('\n')[0]}`;
}

export async function runTroupeHalf<Module, T>(
  label: string,
  load: () => Promise<Module>,
  measure: (module: Module) => Promise<T>,
  timeoutMs: number,
): Promise<TroupeHalf<T>> {
  let module: Module;
  try {
    module = await load();
  } catch (error) {
    return { status: 'unavailable', reason: describe(error) };
  }
  try {
    return { status: 'measured', value: await withTimeout(measure(module), timeoutMs, label) };
  } catch (error) {
    return { status: 'failed', reason: describe(error) };
  }
}

/** One result from a half: the measured figure `pick` extracts, or a missing one. */
export function resultFromHalf<T>(fields: ResultFields, half: TroupeHalf<T>, pick: (value: T) => number): BenchResult {
  return half.status === 'measured' ? createResult(fields, pick(half.value)) : createMissingResult(fields, half.status, half.reason);
}
