/**
 * A definition made ready to run: validated (zod, then normalise.ts, then checks.ts),
 * every template and condition compiled once (JSONata), every schema compiled once (ajv),
 * dependencies resolved to indices and put in order. A run never parses anything again.
 *
 * `compileWorkflow` takes the definition as data; source.ts reads it from YAML or JSON
 * text first. Both throw `WorkflowDefinitionError` listing every issue with its path.
 */
import { fieldIssuesOf } from '../../validation/unknown-field-hint.js';
import type { DefinitionIssue } from '../errors.js';
import { formatPath, WorkflowDefinitionError } from '../errors.js';
import {
  type CompiledTemplate,
  compileExpressionField,
  compileTemplate,
  createTemplateCompilation,
  type TemplateCompilation,
} from '../expressions/template.js';
import { checkGraph, type GraphStep } from './checks.js';
import { normaliseWorkflow, type StepOrigin } from './normalise.js';
import { RawWorkflowSchema } from './raw-schema.js';
import { typedFieldsToJsonSchema } from './typed-fields.js';
import type { StepDefinition, WorkflowDefinition } from './types.js';
import { compileJsonCheck, type JsonCheck } from './validators.js';

/** What one execution needs: a leaf step, a parallel branch, a map's item step, a compensation. */
export interface CompiledUnit {
  readonly definition: StepDefinition;
  /** Where it was written (`steps[1].parallel[0]`). */
  readonly path: string;
  readonly input: CompiledTemplate;
  /** A tool step's `config` (without `timeout`/`fallback`); `{}` for other kinds. */
  readonly config: CompiledTemplate;
  readonly until?: CompiledTemplate;
  readonly outputCheck?: JsonCheck;
  readonly gate?: CompiledGate;
  readonly usage?: { readonly tokens?: CompiledTemplate; readonly cost?: CompiledTemplate };
}

export interface CompiledGate {
  readonly name: string;
  readonly action: 'fail_fast' | 'fallback';
  readonly check?: JsonCheck;
  readonly conditions: readonly CompiledTemplate[];
}

export interface CompiledStep extends CompiledUnit {
  /** Position in `CompiledWorkflow.steps`. */
  readonly index: number;
  readonly role: 'main' | 'compensation';
  readonly when?: CompiledTemplate;
  /** A map's list. */
  readonly over?: CompiledTemplate;
  /** A parallel step's branches, or a map's one item step. */
  readonly children: readonly CompiledUnit[];
  /** Main steps this one waits for (written `depends_on` and template reads). */
  readonly dependsOn: readonly number[];
  /** The compensation step that undoes this one. */
  readonly compensation?: number;
}

export interface CompiledWorkflow {
  readonly definition: WorkflowDefinition;
  /** Main steps in written order, then compensation steps. */
  readonly steps: readonly CompiledStep[];
  readonly mainCount: number;
  /** Main step indices in dependency order. */
  readonly order: readonly number[];
  readonly stepIndex: ReadonlyMap<string, number>;
  /** Every signal name a wait step waits for. */
  readonly signals: ReadonlySet<string>;
  readonly payloadCheck?: JsonCheck;
}

/** Finds the line of a written path, when the definition came as text. */
export type LineLocator = (path: string) => number | undefined;

export function compileWorkflow(written: unknown, locate?: LineLocator): CompiledWorkflow {
  const parsed = RawWorkflowSchema.safeParse(written);
  if (!parsed.success)
    throw definitionError(fieldIssuesOf(parsed.error, RawWorkflowSchema, formatPath), locate);
  const issues: DefinitionIssue[] = [];
  const origins = new Map<StepDefinition, StepOrigin>();
  const definition = normaliseWorkflow(parsed.data, issues, origins);
  const unit = (step: StepDefinition, compilation: TemplateCompilation) =>
    compileUnit(step, origins.get(step) as StepOrigin, compilation, issues);

  const main = definition.steps.map((step) => {
    const compilation = createTemplateCompilation();
    const path = (origins.get(step) as StepOrigin).path;
    const compiled = unit(step, compilation);
    const when =
      step.when === undefined ? undefined : compileExpressionField(step.when, [...path, 'when'], compilation);
    const work = step.work;
    const over =
      work.kind === 'map'
        ? compileExpressionField(work.over, [...path, 'map', 'over'], compilation)
        : undefined;
    const children =
      work.kind === 'parallel'
        ? work.branches.map((branch) => unit(branch, compilation))
        : work.kind === 'map'
          ? [unit(work.step, compilation)]
          : [];
    issues.push(...compilation.issues);
    return { step, compiled, when, over, children, references: compilation.references };
  });
  const compensations = definition.steps.flatMap((step) => {
    if (step.compensate === undefined) return [];
    const compilation = createTemplateCompilation();
    const compiled = unit(step.compensate, compilation);
    issues.push(...compilation.issues);
    return [{ owner: step.name, step: step.compensate, compiled, references: compilation.references }];
  });

  const graph = checkGraph(
    {
      main: main.map(
        ({ step, compiled, references }): GraphStep => ({
          name: step.name,
          path: compiled.path,
          dependsOn: step.dependsOn,
          references,
          onFailure: step.onFailure,
          compensable: step.compensate !== undefined,
        }),
      ),
      compensations: compensations.map(({ step, compiled, references }) => ({
        name: step.name,
        path: compiled.path,
        references,
      })),
    },
    issues,
  );
  const payloadSchema = definition.trigger.payloadSchema;
  const payloadCheck =
    payloadSchema === undefined ? undefined : compileJsonCheck(payloadSchema, ['trigger', 'schema'], issues);
  if (issues.length > 0) throw definitionError(issues, locate);

  const stepIndex = new Map<string, number>();
  const steps: CompiledStep[] = main.map(({ step, compiled, when, over, children }, index) => {
    stepIndex.set(step.name, index);
    const compensation = compensations.findIndex((entry) => entry.owner === step.name);
    return {
      ...compiled,
      index,
      role: 'main',
      ...(when === undefined ? {} : { when }),
      ...(over === undefined ? {} : { over }),
      children,
      dependsOn: graph.dependsOn[index] ?? [],
      ...(compensation < 0 ? {} : { compensation: main.length + compensation }),
    };
  });
  compensations.forEach(({ step, compiled }, position) => {
    stepIndex.set(step.name, main.length + position);
    steps.push({
      ...compiled,
      index: main.length + position,
      role: 'compensation',
      children: [],
      dependsOn: [],
    });
  });
  return {
    definition,
    steps,
    mainCount: main.length,
    order: graph.order,
    stepIndex,
    signals: collectSignals(steps),
    ...(payloadCheck === undefined ? {} : { payloadCheck }),
  };
}

function compileUnit(
  step: StepDefinition,
  origin: StepOrigin,
  compilation: TemplateCompilation,
  issues: DefinitionIssue[],
): CompiledUnit {
  const path = origin.path;
  const work = step.work;
  const config =
    work.kind === 'tool' ? compileTemplate(work.config, [...path, 'config'], compilation) : undefined;
  let until: CompiledTemplate | undefined;
  if (work.kind === 'wait' && work.until !== undefined) {
    until = compileTemplate(work.until, [...path, 'wait', 'until'], compilation);
    if (until.kind === 'literal' && untilTime(until.value) === undefined) {
      issues.push({
        path: formatPath([...path, 'wait', 'until']),
        message: 'must be a date (ISO 8601 or epoch milliseconds) or an expression giving one',
      });
    }
  }
  const output =
    step.output === undefined ? undefined : typedFieldsToJsonSchema(step.output, [...path, 'output'], issues);
  const outputCheck =
    output === undefined ? undefined : compileJsonCheck(output, [...path, 'output'], issues);
  const gate = step.gate;
  const usage = step.usage;
  // Usage fields read the output itself, not the run's scope: their `steps` is the output's.
  const usageCompilation = createTemplateCompilation();
  const usageField = (field: 'tokens' | 'cost') => {
    const source = usage?.[field];
    return source === undefined
      ? {}
      : { [field]: compileExpressionField(source, [...path, 'usage', field], usageCompilation) };
  };
  const gateCheck =
    gate?.schema === undefined
      ? undefined
      : compileJsonCheck(gate.schema, [...path, 'gate', 'schema'], issues);
  const usageTemplates = usage === undefined ? undefined : { ...usageField('tokens'), ...usageField('cost') };
  issues.push(...usageCompilation.issues);
  return {
    definition: step,
    path: formatPath(path),
    input: compileTemplate(step.input, [...path, origin.inputField], compilation),
    config: config ?? { kind: 'literal', value: {} },
    ...(until === undefined ? {} : { until }),
    ...(outputCheck === undefined ? {} : { outputCheck }),
    ...(gate === undefined
      ? {}
      : {
          gate: {
            name: gate.name,
            action: gate.action,
            ...(gateCheck === undefined ? {} : { check: gateCheck }),
            conditions: gate.expressions.map((source) =>
              compileExpressionField(source, [...path, 'gate'], compilation),
            ),
          },
        }),
    ...(usageTemplates === undefined ? {} : { usage: usageTemplates }),
  };
}

/** A wait's `until` as epoch milliseconds, or undefined when it is not a date. */
export function untilTime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function collectSignals(steps: readonly CompiledStep[]): Set<string> {
  const signals = new Set<string>();
  for (const step of steps) {
    for (const unit of [step, ...step.children]) {
      const work = unit.definition.work;
      if (work.kind === 'wait' && work.signal !== undefined) signals.add(work.signal);
    }
  }
  return signals;
}

function definitionError(
  issues: readonly DefinitionIssue[],
  locate: LineLocator | undefined,
): WorkflowDefinitionError {
  if (!locate) return new WorkflowDefinitionError(issues);
  return new WorkflowDefinitionError(
    issues.map((issue) => {
      const line = locate(issue.path);
      return line === undefined ? issue : { ...issue, line };
    }),
  );
}
