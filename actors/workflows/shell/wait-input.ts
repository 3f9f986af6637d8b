/**
 * A signal wait step's input, asked of a person: which schema a waiting step gives for its
 * signal (`wait: { signal, schema }`), and `answerWait`, which checks an answer against that
 * schema (errors name the path inside `content`) and delivers it as the signal. The MCP
 * adapter uses both for elicitation; the signal can still come by `signalWorkflow` unchecked
 * by a schema, as before. Not here: asking anyone (the adapter), the wait itself (the core).
 */
import { type ActorSystem, InvalidArgumentError, RefusedError, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../../coordination/caller.js';
import type { JsonSchema } from '../definition/types.js';
import { compileJsonCheck } from '../definition/validators.js';
import type { DefinitionIssue } from '../errors.js';
import { unitNamed } from '../run/unit-named.js';
import { getWorkflowRun, signalWorkflow } from './api.js';
import { compiledWorkflow } from './compiled-cache.js';
import { OPERATOR } from './run-access.js';
import { DEFINITIONS_TABLE, type DefinitionRecord } from './tables.js';

export interface WaitInput {
  readonly step: string;
  readonly child?: number;
  readonly signal: string;
  readonly schema: JsonSchema;
  readonly description?: string;
}

export interface StepUnit {
  readonly step: string;
  readonly child?: number;
}

/** What the step (or fan-out child) `unit` of `workflow` asks for when it waits on a signal with a schema. */
export function waitInputOf(
  system: ActorSystem,
  workflow: { readonly name: string; readonly version: string },
  unit: StepUnit,
): WaitInput | undefined {
  const compiled = compiledWorkflow(() => system.table<DefinitionRecord>(DEFINITIONS_TABLE), workflow);
  const step = compiled.steps[compiled.stepIndex.get(unit.step) ?? -1];
  const leaf =
    unit.child === undefined || !step
      ? step
      : step.definition.work.kind === 'map'
        ? step.children[0]
        : step.children[unit.child];
  const work = leaf?.definition.work;
  if (work?.kind !== 'wait' || work.signal === undefined || work.inputSchema === undefined) return undefined;
  const description = leaf?.definition.description;
  return {
    ...unit,
    signal: work.signal,
    schema: work.inputSchema,
    ...(description === undefined ? {} : { description }),
  };
}

/**
 * Deliver `content` as the signal `unit` of run `runId` waits for, once it fits the step's
 * schema. `invalid_argument` naming `content.<path>` when it does not; `closed` when the step
 * waits for no such input (any more).
 */
export async function answerWait(
  system: ActorSystem,
  runId: string,
  unit: StepUnit,
  content: unknown,
  caller: Caller = OPERATOR,
): Promise<void> {
  const view = await getWorkflowRun(system, runId, caller);
  const current = unitNamed(view.run, unit);
  const input = waitInputOf(system, view.run.workflow, unit);
  if (!input || current?.status !== 'waiting')
    throw new RefusedError(
      refuse('closed', `step "${unit.step}" of run "${runId}" waits for no input now`, 'step').error,
    );
  const issues: DefinitionIssue[] = [];
  const check = compileJsonCheck(input.schema, ['wait', 'schema'], issues);
  const problems = check ? check(content, 'content') : issues.map((issue) => issue.message);
  if (problems.length > 0) throw new InvalidArgumentError('content', problems.join('; '));
  await signalWorkflow(system, runId, input.signal, content, caller);
}
