/**
 * Evaluating compiled templates and conditions over a run's scope:
 *
 *   { trigger: { payload, event }, steps: { <name>: { output, status, error } }, context,
 *     flags: { <name>: true | false }, run: { id, usage }, item, index (inside a map),
 *     output (in gates and usage fields) }
 *
 * Deterministic by construction, so that a run replayed from its journal computes the same
 * inputs: `$now()` and `$millis()` read the time of the event being handled, `$random()` is
 * refused. Plain field paths skip JSONata (it is async and costs microseconds a call);
 * everything else goes through it — inside a run's transition, which is synchronous, by
 * {@link Evaluations} (the transition is run again once the value has come). Results are
 * plain data: JSONata's sequence arrays are copied into ordinary arrays, and a function
 * result is an error.
 */
import type { CompiledExpression, CompiledTemplate } from './template.js';

/** The data expressions see. Built by the run (run/scope.ts); plain data throughout. */
export interface EvaluationScope {
  readonly trigger: { readonly payload: unknown; readonly event?: string };
  readonly steps: Readonly<Record<string, StepView>>;
  readonly context: unknown;
  /** The feature flags as decided when the run started (an unknown flag is absent: falsy). */
  readonly flags: Readonly<Record<string, boolean>>;
  readonly run: { readonly id: string; readonly usage: unknown };
  readonly item?: unknown;
  readonly index?: number;
  readonly output?: unknown;
}

export interface StepView {
  readonly status: string;
  readonly output?: unknown;
  readonly error?: unknown;
}

/** An expression failed to evaluate; the run turns it into a step error. */
export class ExpressionFailure extends Error {
  readonly source: string;
  constructor(source: string, message: string) {
    super(`expression ${JSON.stringify(source)} failed: ${message}`);
    this.source = source;
    this.name = 'ExpressionFailure';
  }
}

/**
 * JSONata's values in one transition, in the order the transition asked for them. The core
 * evaluates synchronously (most templates are literals and plain paths): the first JSONata
 * expression it meets throws {@link NeedsEvaluation}; the caller awaits that one value, then runs
 * the transition again from the same run — it is pure, so it asks for the same values in the
 * same order, takes the ones known, and meets the next (run/transition.ts).
 */
export class Evaluations {
  private readonly known: ({ readonly value: unknown } | { readonly failure: ExpressionFailure })[] = [];
  private next = 0;

  /** A new pass over the same transition: its values are taken from the first again. */
  rewind(): void {
    this.next = 0;
  }

  /** This pass's next JSONata value (or its failure, thrown), or {@link NeedsEvaluation} when it is not known yet. */
  take(expression: CompiledExpression, scope: unknown, now: number): unknown {
    const known = this.known[this.next];
    if (known === undefined) throw new NeedsEvaluation(this, expression, scope, now);
    this.next += 1;
    if ('failure' in known) throw known.failure;
    return known.value;
  }

  /** Evaluate the expression a pass needed, and keep its value (or its failure) for the next pass. */
  async settle(needed: NeedsEvaluation): Promise<void> {
    const { expression, scope, now } = needed;
    try {
      let value: unknown;
      try {
        value = await expression.evaluator.evaluate(scope, deterministicBindings(now));
      } catch (error) {
        throw new ExpressionFailure(expression.source, (error as Error).message ?? String(error));
      }
      this.known.push({ value: toPlainData(value, expression.source) });
    } catch (error) {
      if (!(error instanceof ExpressionFailure)) throw error;
      this.known.push({ failure: error });
    }
  }
}

/** Thrown by a synchronous pass that met a JSONata expression whose value it does not have yet. */
export class NeedsEvaluation extends Error {
  constructor(
    readonly evaluations: Evaluations,
    readonly expression: CompiledExpression,
    readonly scope: unknown,
    readonly now: number,
  ) {
    super(`expression ${JSON.stringify(expression.source)} needs an asynchronous evaluation`);
    this.name = 'NeedsEvaluation';
  }

  settle(): Promise<void> {
    return this.evaluations.settle(this);
  }
}

/**
 * Run `pass` until it has every JSONata value it needs: its result at once when it needs none
 * (no promise at all), else a promise of it — each value is awaited and the pass made again.
 */
export function passesUntilKnown<T>(pass: (evaluations: Evaluations) => T): T | Promise<T> {
  const evaluations = new Evaluations();
  try {
    return pass(evaluations);
  } catch (error) {
    if (!(error instanceof NeedsEvaluation)) throw error;
    return passAgain(pass, evaluations, error);
  }
}

async function passAgain<T>(
  pass: (evaluations: Evaluations) => T,
  evaluations: Evaluations,
  first: NeedsEvaluation,
): Promise<T> {
  let needed = first;
  for (;;) {
    await needed.settle();
    evaluations.rewind();
    try {
      return pass(evaluations);
    } catch (error) {
      if (!(error instanceof NeedsEvaluation)) throw error;
      needed = error;
    }
  }
}

/** Evaluate over `scope` (an {@link EvaluationScope}, or any data: usage fields read a step's output). */
export async function evaluateTemplate(
  template: CompiledTemplate,
  scope: unknown,
  now: number,
): Promise<unknown> {
  return passesUntilKnown((evaluations) => evaluateTemplateNow(template, scope, now, evaluations));
}

/** A condition's truth, by JSONata's `$boolean` rules (empty string, 0, [], {} are false). */
export async function evaluateCondition(
  template: CompiledTemplate,
  scope: EvaluationScope,
  now: number,
): Promise<boolean> {
  return toBoolean(await evaluateTemplate(template, scope, now));
}

/** {@link evaluateTemplate} inside a synchronous pass: JSONata values come from `evaluations`. */
export function evaluateTemplateNow(
  template: CompiledTemplate,
  scope: unknown,
  now: number,
  evaluations: Evaluations,
): unknown {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return evaluateExpressionNow(template.expression, scope, now, evaluations);
    case 'text': {
      let text = '';
      for (const part of template.parts) {
        text +=
          typeof part === 'string' ? part : interpolate(evaluateExpressionNow(part, scope, now, evaluations));
      }
      return text;
    }
    case 'array': {
      const items: unknown[] = [];
      for (const item of template.items) items.push(evaluateTemplateNow(item, scope, now, evaluations));
      return items;
    }
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, item] of template.entries) {
        const value = evaluateTemplateNow(item, scope, now, evaluations);
        // An expression that yields nothing leaves its field out, as JSON would.
        if (value !== undefined) setOwn(result, key, value);
      }
      return result;
    }
  }
}

/** {@link evaluateCondition} inside a synchronous pass. */
export function evaluateConditionNow(
  template: CompiledTemplate,
  scope: EvaluationScope,
  now: number,
  evaluations: Evaluations,
): boolean {
  return toBoolean(evaluateTemplateNow(template, scope, now, evaluations));
}

function evaluateExpressionNow(
  expression: CompiledExpression,
  scope: unknown,
  now: number,
  evaluations: Evaluations,
): unknown {
  if (expression.plainPath) {
    const value = walkPlainPath(scope, expression.plainPath);
    if (value !== ARRAY_MET) return value;
  }
  return evaluations.take(expression, scope, now);
}

const ARRAY_MET: unique symbol = Symbol('array met');

function walkPlainPath(scope: unknown, names: readonly string[]): unknown {
  let value = scope;
  for (const name of names) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) return ARRAY_MET;
    value = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}

function deterministicBindings(now: number): Record<string, unknown> {
  return {
    now: () => new Date(now).toISOString(),
    millis: () => now,
    random: () => {
      throw new Error('$random() is not available in workflows: a replayed run must compute the same values');
    },
  };
}

function toPlainData(value: unknown, source: string): unknown {
  if (
    typeof value === 'function' ||
    (typeof value === 'object' && value !== null && '_jsonata_lambda' in value)
  ) {
    throw new ExpressionFailure(source, 'it yields a function, not data');
  }
  if (Array.isArray(value)) return value.map((item) => toPlainData(item, source));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const plain = toPlainData(item, source);
      if (plain !== item && copy === undefined) copy = { ...(value as Record<string, unknown>) };
      if (copy) setOwn(copy, key, plain);
    }
    return copy ?? value;
  }
  return value;
}

/** `object[key] = value` as an own data property, even for a key such as `__proto__`. */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function interpolate(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** JSONata's `$boolean` casting. */
export function toBoolean(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(toBoolean);
  if (value === null || value === undefined) return false;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}
