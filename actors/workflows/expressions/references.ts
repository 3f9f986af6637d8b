/**
 * Static analysis of a JSONata expression: which steps it reads (`steps.<name>…`), found by
 * walking the parsed AST once at definition time. This is what turns `${steps.x.output.y}`
 * into an implicit dependency on `x` and an unknown `x` into a definition error.
 *
 * Only literal references are seen: `steps.x`, `steps.\`my-step\``, `$$.steps.x`. A dynamic
 * one (`$lookup(steps, $name)`, `steps.*`) reads whatever is there when it runs and adds no
 * dependency; declare `depends_on` for those.
 */
import type jsonata from 'jsonata';

/** A JSONata AST node as the parser really makes it (its published type lacks `path`, `predicate`…). */
interface Node {
  readonly type: string;
  readonly value?: unknown;
  readonly steps?: readonly Node[];
  readonly stages?: unknown;
  readonly predicate?: unknown;
}

export function astOf(expression: jsonata.Expression): Node {
  return expression.ast() as unknown as Node;
}

/** The step names an expression's AST reads, in first-seen order, without repeats. */
export function stepReferences(ast: Node): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = value as Node;
    if (node.type === 'path' && Array.isArray(node.steps)) {
      const name = referencedStep(node.steps);
      if (name !== undefined && !found.includes(name)) found.push(name);
    }
    for (const child of Object.values(value)) visit(child);
  };
  visit(ast);
  return found;
}

/** `steps.<name>` or `$$.steps.<name>` at the head of a path: the name, else undefined. */
function referencedStep(steps: readonly Node[]): string | undefined {
  let head = 0;
  if (steps[0]?.type === 'variable' && steps[0].value === '$') head = 1;
  const root = steps[head];
  const name = steps[head + 1];
  if (root?.type !== 'name' || root.value !== 'steps' || root.stages || root.predicate) return undefined;
  if (name?.type !== 'name' || typeof name.value !== 'string') return undefined;
  return name.value;
}

/**
 * The names of a path that only walks object fields (`trigger.payload.x`): no predicates,
 * no functions, no wildcards. Such a path is evaluated without JSONata (evaluate.ts), which
 * gives the same value as long as no array is met before the last name.
 */
export function plainPath(ast: Node): string[] | undefined {
  if (ast.type !== 'path' || !Array.isArray(ast.steps) || hasExtras(ast, ['type', 'steps'])) return undefined;
  const names: string[] = [];
  for (const step of ast.steps) {
    if (step.type !== 'name' || typeof step.value !== 'string') return undefined;
    if (hasExtras(step, ['type', 'value', 'position'])) return undefined;
    names.push(step.value);
  }
  return names;
}

function hasExtras(node: Node, allowed: readonly string[]): boolean {
  return Object.keys(node).some((key) => !allowed.includes(key));
}
