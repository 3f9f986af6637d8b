/**
 * Compiled definitions, per thread: a run actor keeps only its workflow's name and version
 * (a version never changes once defined), and compiles the definition from the
 * `workflow-definitions` table on the first turn that needs it in this thread. Compiling
 * costs milliseconds, a lookup microseconds; the cache is bounded so that many distinct
 * definitions cannot grow it without end. Not here: defining (definition-actor.ts).
 */
import { InvalidArgumentError, type TableReader } from '../../../src/kernel/index.js';
import { BoundedCache } from '../bounded-cache.js';
import type { CompiledWorkflow } from '../definition/compile.js';
import { parseWorkflowDefinition } from '../definition/source.js';
import type { DefinitionRecord } from './tables.js';

const compiled = new BoundedCache<string, CompiledWorkflow>(256);

/** The last one looked up: a thread's runs mostly follow one workflow, found without a key or a reorder. */
let last:
  | { readonly name: string; readonly version: string; readonly compiled: CompiledWorkflow }
  | undefined;

/**
 * The compiled workflow `name` at `version`, read from `definitions` (asked for only then) when
 * this thread has not compiled it yet.
 */
export function compiledWorkflow(
  definitions: () => TableReader<DefinitionRecord>,
  workflow: { readonly name: string; readonly version: string },
): CompiledWorkflow {
  if (last !== undefined && last.name === workflow.name && last.version === workflow.version)
    return last.compiled;
  const key = `${workflow.name}\u0000${workflow.version}`;
  let made = compiled.get(key);
  if (made === undefined) {
    const record = definitions().get([workflow.name, workflow.version]);
    if (!record)
      throw new InvalidArgumentError(
        'workflow',
        `"${workflow.name}" version ${workflow.version} is not defined (define it with defineWorkflow first)`,
      );
    made = parseWorkflowDefinition(record.source);
    compiled.set(key, made);
  }
  last = { name: workflow.name, version: workflow.version, compiled: made };
  return made;
}
