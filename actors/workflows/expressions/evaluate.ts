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
 * everything else goes through it. Results are plain data: JSONata's sequence arrays are
 * copied into ordinary arrays, and a function result is an error.
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

/** Evaluate over `scope` (an {@link EvaluationScope}, or any data: usage fields read a step's output). */
export async function evaluateTemplate(
  template: CompiledTemplate,
  scope: unknown,
  now: number,
): Promise<unknown> {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return evaluateExpression(template.expression, scope, now);
    case 'text': {
      let text = '';
      for (const part of template.parts) {
        text += typeof part === 'string' ? part : interpolate(await evaluateExpression(part, scope, now));
      }
      return text;
    }
    case 'array': {
      const items: unknown[] = [];
      for (const item of template.items) items.push(await evaluateTemplate(item, scope, now));
      return items;
    }
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, item] of template.entries) {
        const value = await evaluateTemplate(item, scope, now);
        // An expression that yields nothing leaves its field out, as JSON would.
        if (value !== undefined) setOwn(result, key, value);
      }
      return result;
    }
  }
}

/** A condition's truth, by JSONata's `$boolean` rules (empty string, 0, [], {} are false). */
export async function evaluateCondition(
  template: CompiledTemplate,
  scope: EvaluationScope,
  now: number,
): Promise<boolean> {
  return toBoolean(await evaluateTemplate(template, scope, now));
}

export async function evaluateExpression(
  expression: CompiledExpression,
  scope: unknown,
  now: number,
): Promise<unknown> {
  if (expression.plainPath) {
    const value = walkPlainPath(scope, expression.plainPath);
    if (value !== ARRAY_MET) return value;
  }
  let value: unknown;
  try {
    value = await expression.evaluator.evaluate(scope, deterministicBindings(now));
  } catch (error) {
    throw new ExpressionFailure(expression.source, (error as Error).message ?? String(error));
  }
  return toPlainData(value, expression.source);
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
