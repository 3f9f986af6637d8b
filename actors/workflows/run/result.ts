/**
 * The answer a caller gets for a run — seed 004's `executeWorkflow(name, payload, context)`
 * → `{ status, duration, steps }` — with each step's status, attempts, timings, output or
 * error and usage, the steps it waits for (its DAG: `dependsOn`, from the definition version
 * the run started with), and the run's usage and error. Derived from the run, never stored.
 */
import type { CompiledWorkflow } from '../definition/compile.js';
import { type Mutable, usageOf } from './turn.js';
import type { StepState, StepSummary, UnitState, UnitSummary, WorkflowResult, WorkflowRun } from './types.js';

/** `workflow` is the definition version the run started with: it names each step's dependencies. */
export function toWorkflowResult(workflow: CompiledWorkflow, run: WorkflowRun, now: number): WorkflowResult {
  const start = run.startedAt ?? run.createdAt;
  return {
    runId: run.id,
    workflow: run.workflow,
    status: run.status,
    duration: Math.max(0, (run.endedAt ?? now) - start),
    // Compensation steps that never ran are not part of what happened.
    steps: run.steps
      .map((step, index) => ({ step, dependsOn: dependencyNames(workflow, index) }))
      .filter(({ step }) => step.compensates === undefined || step.status !== 'pending')
      .map(({ step, dependsOn }) => summarise(step, dependsOn)),
    usage: usageOf(run.usage),
    ...(run.error === undefined ? {} : { error: run.error }),
  };
}

/** Each step's dependencies by name, per compiled workflow (a definition version never changes). */
const dependencyNamesOf = new WeakMap<CompiledWorkflow, readonly (readonly string[])[]>();

/** The names of the steps step `index` waits for (written `depends_on` and template reads). */
function dependencyNames(workflow: CompiledWorkflow, index: number): readonly string[] {
  let names = dependencyNamesOf.get(workflow);
  if (names === undefined) {
    const steps = workflow.steps;
    names = steps.map((step) =>
      Object.freeze(
        step.dependsOn.flatMap((dependency) => {
          const name = steps[dependency]?.definition.name;
          return name === undefined ? [] : [name];
        }),
      ),
    );
    dependencyNamesOf.set(workflow, names);
  }
  return names[index] ?? [];
}

function summarise(step: StepState, dependsOn: readonly string[]): StepSummary {
  const summary = summariseUnit(step, { name: step.name, dependsOn } as Mutable<StepSummary>);
  if (step.skipReason !== undefined) summary.skipReason = step.skipReason;
  if (step.compensates !== undefined) summary.compensates = step.compensates;
  if (step.children !== undefined) summary.children = step.children.map((child) => summariseUnit(child));
  return summary;
}

/** `unit`'s summary, written into `into` (a step's, which has its name first) or a new one. */
function summariseUnit<Summary extends UnitSummary>(
  unit: UnitState,
  summary: Mutable<Summary> = {} as Mutable<Summary>,
): Mutable<Summary> {
  const provider = unit.attempts.at(-1)?.provider;
  // Field by field rather than spread in: the summary is made for every step of every run that ends.
  summary.status = unit.status;
  summary.attempts = unit.attempts.length;
  if (unit.startedAt !== undefined) summary.startedAt = unit.startedAt;
  if (unit.endedAt !== undefined) summary.endedAt = unit.endedAt;
  if (unit.startedAt !== undefined && unit.endedAt !== undefined)
    summary.duration = unit.endedAt - unit.startedAt;
  if (unit.output !== undefined) summary.output = unit.output;
  if (unit.error !== undefined) summary.error = unit.error;
  summary.usage = usageOf(unit.usage);
  if (provider !== undefined) summary.provider = provider;
  return summary;
}
