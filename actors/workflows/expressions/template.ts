/**
 * Templates: definition values in which `${expr}` stands for a JSONata expression, compiled
 * once per definition into a tree the run evaluates (evaluate.ts).
 *
 *   "${trigger.payload.lang}"        exactly one expression → its value, with its type
 *   "Hello ${context.user}!"         text around expressions → a string (interpolation)
 *   "costs $${price}"                `$${` is a literal `${`
 *   { a: "${…}", b: [1, "${…}"] }    objects and arrays are walked; values without `${` stay
 *
 * Conditions (`when:`, gate expressions) accept a bare expression too (`steps.a.output.ok`).
 * Compiling reports every syntax error with its path; it never evaluates anything.
 */
import jsonata from 'jsonata';
import { BoundedCache } from '../bounded-cache.js';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import { astOf, plainPath, stepReferences } from './references.js';

export interface CompiledExpression {
  readonly source: string;
  readonly evaluator: jsonata.Expression;
  /** Set when the expression is a plain field path, evaluated without JSONata. */
  readonly plainPath?: readonly string[];
  /** Steps the expression reads literally (`steps.<name>`). */
  readonly references: readonly string[];
}

export type CompiledTemplate =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'expression'; readonly expression: CompiledExpression }
  | { readonly kind: 'text'; readonly parts: readonly (string | CompiledExpression)[] }
  | { readonly kind: 'array'; readonly items: readonly CompiledTemplate[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, CompiledTemplate])[] };

/** Collects issues and references while a definition's templates are compiled. */
export interface TemplateCompilation {
  readonly issues: DefinitionIssue[];
  /** Each literal step reference with the path of the value that holds it. */
  readonly references: { readonly step: string; readonly path: string }[];
}

export function createTemplateCompilation(): TemplateCompilation {
  return { issues: [], references: [] };
}

/** Compile a JSON-like value whose strings may hold `${…}`; `path` names it in issues. */
export function compileTemplate(
  value: unknown,
  path: readonly PropertyKey[],
  compilation: TemplateCompilation,
): CompiledTemplate {
  if (typeof value === 'string') return compileString(value, path, compilation);
  if (Array.isArray(value)) {
    const items = value.map((item, index) => compileTemplate(item, [...path, index], compilation));
    return items.every(isLiteral)
      ? { kind: 'literal', value: Object.freeze(items.map((item) => item.value)) }
      : { kind: 'array', items };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => [key, compileTemplate(item, [...path, key], compilation)] as const,
    );
    // Rebuilt rather than reused so that `$${` escapes inside are unescaped; frozen because
    // every run's commands share it.
    return entries.every(([, item]) => isLiteral(item))
      ? {
          kind: 'literal',
          value: Object.freeze(
            Object.fromEntries(entries.map(([key, item]) => [key, (item as LiteralTemplate).value])),
          ),
        }
      : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

/** A field that holds an expression (`when`, `map.over`, gate checks, usage): a boolean, a bare JSONata expression, or a string with `${…}`. */
export function compileExpressionField(
  value: string | boolean,
  path: readonly PropertyKey[],
  compilation: TemplateCompilation,
): CompiledTemplate {
  if (typeof value === 'boolean') return { kind: 'literal', value };
  if (value.includes('${')) return compileString(value, path, compilation);
  const expression = compileExpression(value, path, compilation);
  return expression ? { kind: 'expression', expression } : { kind: 'literal', value: false };
}

function compileString(text: string, path: readonly PropertyKey[], compilation: TemplateCompilation) {
  const scanned = scanTemplate(text);
  if (typeof scanned === 'string') {
    compilation.issues.push({ path: formatPath(path), message: scanned });
    return { kind: 'literal', value: text } as const;
  }
  if (scanned.length === 1 && typeof scanned[0] === 'string')
    return { kind: 'literal', value: scanned[0] } as const;
  const parts: (string | CompiledExpression)[] = [];
  for (const part of scanned) {
    if (typeof part === 'string') parts.push(part);
    else {
      const expression = compileExpression(part.expression, path, compilation);
      if (!expression) return { kind: 'literal', value: text } as const;
      parts.push(expression);
    }
  }
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string')
    return { kind: 'expression', expression: only } as const;
  return { kind: 'text', parts } as const;
}

function compileExpression(
  source: string,
  path: readonly PropertyKey[],
  compilation: TemplateCompilation,
): CompiledExpression | undefined {
  let evaluator = parsedExpressions.get(source);
  try {
    if (evaluator === undefined) {
      evaluator = jsonata(source, { stack: 1_000, sequence: 1_000_000 } as jsonata.JsonataOptions);
      parsedExpressions.set(source, evaluator);
    }
  } catch (error) {
    const detail = error as { message?: string; position?: number };
    compilation.issues.push({
      path: formatPath(path),
      message: `invalid expression ${JSON.stringify(source)}: ${detail.message ?? String(error)}${detail.position === undefined ? '' : ` (at character ${detail.position})`}`,
    });
    return undefined;
  }
  const ast = astOf(evaluator);
  const references = stepReferences(ast);
  for (const step of references) compilation.references.push({ step, path: formatPath(path) });
  const names = plainPath(ast);
  return names ? { source, evaluator, plainPath: names, references } : { source, evaluator, references };
}

/**
 * Parsed expressions by source. A parsed JSONata expression holds no state between
 * evaluations (bindings are given per call), so one serves every definition that writes it.
 */
const parsedExpressions = new BoundedCache<string, jsonata.Expression>(10_000);

type ScannedPart = string | { readonly expression: string };

/**
 * Split a string into text and `${…}` expressions. Braces nest, and braces inside the
 * expression's string literals and backquoted names do not count. Returns an error message
 * for an unterminated or empty `${`.
 */
export function scanTemplate(text: string): ScannedPart[] | string {
  const parts: ScannedPart[] = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    if (text.startsWith('$${', index)) {
      literal += '${';
      index += 3;
      continue;
    }
    if (!text.startsWith('${', index)) {
      literal += text[index];
      index += 1;
      continue;
    }
    const end = findClosingBrace(text, index + 2);
    if (end < 0) return `unterminated "\${" at character ${index}`;
    const expression = text.slice(index + 2, end).trim();
    if (expression === '') return `empty "\${}" at character ${index}`;
    if (literal) parts.push(literal);
    literal = '';
    parts.push({ expression });
    index = end + 1;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\' && quote !== '`') index += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      if (depth === 0) return index;
      depth -= 1;
    }
  }
  return -1;
}

type LiteralTemplate = Extract<CompiledTemplate, { kind: 'literal' }>;

/** Is the template a plain value, holding no expression? */
export function isLiteral(template: CompiledTemplate): template is LiteralTemplate {
  return template.kind === 'literal';
}
