/**
 * The checks that need the whole definition: step names unique, every `depends_on` and
 * every `${steps.x…}` naming a step that exists, `on_failure` targets that make sense, and
 * no dependency cycle (found by the anti-jam static cycle finder and named in full). Its
 * answer is the dependency graph: for each step, the steps it waits for (written and
 * implied by its templates), and one order in which every step comes after those.
 */
import { findCycles } from '../../supervisors/deadlock/static-cycles.js';
import type { DefinitionIssue } from '../errors.js';
import type { OnFailure } from './types.js';

export interface GraphStep {
  readonly name: string;
  /** The step's written path (`steps[2]`). */
  readonly path: string;
  readonly dependsOn: readonly string[];
  /** Literal `steps.<name>` reads in the step's templates, each with the path that holds it. */
  readonly references: readonly { readonly step: string; readonly path: string }[];
  readonly onFailure: OnFailure;
  readonly compensable: boolean;
}

export interface GraphInput {
  readonly main: readonly GraphStep[];
  /** Compensation steps: they may read any main step, and run outside the graph. */
  readonly compensations: readonly Pick<GraphStep, 'name' | 'path' | 'references'>[];
}

export interface DependencyGraph {
  /** For each main step, the indices of the main steps it waits for. */
  readonly dependsOn: readonly (readonly number[])[];
  /** Main step indices, each after every step it waits for; written order breaks ties. */
  readonly order: readonly number[];
}

export function checkGraph(input: GraphInput, issues: DefinitionIssue[]): DependencyGraph {
  const index = new Map<string, number>();
  const seen = new Map<string, string>();
  const all = [...input.main, ...input.compensations];
  for (const step of all) {
    const first = seen.get(step.name);
    if (first !== undefined)
      issues.push({ path: step.path, message: `step name "${step.name}" is used twice (first at ${first})` });
    else seen.set(step.name, step.path);
  }
  input.main.forEach((step, position) => {
    if (!index.has(step.name)) index.set(step.name, position);
  });
  const compensationNames = new Set(input.compensations.map((step) => step.name));
  const resolve = (name: string, path: string, self: string): number | undefined => {
    const found = index.get(name);
    if (found !== undefined && name !== self) return found;
    const message =
      name === self
        ? `step "${name}" cannot wait for itself (a gate reads its own step as "output")`
        : compensationNames.has(name)
          ? `"${name}" is a compensation step: it runs only to undo, nothing can wait for it`
          : `unknown step "${name}"`;
    issues.push({ path, message });
    return undefined;
  };
  const dependsOn = input.main.map((step) => {
    const targets = new Set<number>();
    step.dependsOn.forEach((name, position) => {
      const target = resolve(name, `${step.path}.depends_on[${position}]`, step.name);
      if (target !== undefined) targets.add(target);
    });
    for (const reference of step.references) {
      const target = resolve(reference.step, reference.path, step.name);
      if (target !== undefined) targets.add(target);
    }
    return [...targets].sort((a, b) => a - b);
  });
  for (const step of input.compensations) {
    for (const reference of step.references) {
      if (!index.has(reference.step))
        issues.push({ path: reference.path, message: `unknown step "${reference.step}"` });
    }
  }
  const cycles = findCycles(
    input.main.map((step) => step.name),
    dependsOn.flatMap((targets, from) =>
      targets.map((to) => ({ from: input.main[from]?.name as string, to: input.main[to]?.name as string })),
    ),
  );
  for (const { cycle } of cycles) {
    const first = index.get(cycle[0] as string) as number;
    issues.push({
      path: input.main[first]?.path as string,
      message: `dependency cycle: ${[...cycle, cycle[0]].map((name) => `"${name}"`).join(' waits for ')}`,
    });
  }
  if (cycles.length > 0) return { dependsOn, order: [] };
  const order = topologicalOrder(dependsOn);
  checkFailurePaths(input, index, dependsOn, issues);
  return { dependsOn, order };
}

/** Kahn's algorithm; among the steps ready at once, the one written first goes first. */
function topologicalOrder(dependsOn: readonly (readonly number[])[]): number[] {
  const waiting = dependsOn.map((targets) => targets.length);
  const dependents: number[][] = dependsOn.map(() => []);
  dependsOn.forEach((targets, step) => {
    for (const target of targets) dependents[target]?.push(step);
  });
  const ready = waiting.flatMap((count, step) => (count === 0 ? [step] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const step = ready.shift() as number;
    order.push(step);
    for (const dependent of dependents[step] ?? []) {
      waiting[dependent] = (waiting[dependent] as number) - 1;
      if (waiting[dependent] === 0) ready.push(dependent);
    }
  }
  return order;
}

function checkFailurePaths(
  input: GraphInput,
  index: ReadonlyMap<string, number>,
  dependsOn: readonly (readonly number[])[],
  issues: DefinitionIssue[],
): void {
  input.main.forEach((step, position) => {
    const onFailure = step.onFailure;
    if (onFailure.kind === 'goto') {
      const target = index.get(onFailure.step);
      const path = `${step.path}.on_failure.goto`;
      if (target === undefined) issues.push({ path, message: `unknown step "${onFailure.step}"` });
      else if (target === position || ancestors(position, dependsOn).has(target)) {
        issues.push({
          path,
          message: `"${onFailure.step}" has already run when "${step.name}" fails: go to a step that comes after it or beside it`,
        });
      }
    }
    if (onFailure.kind === 'compensate') {
      onFailure.steps?.forEach((name, k) => {
        const target = index.get(name);
        const path = `${step.path}.on_failure.compensate[${k}]`;
        if (target === undefined) issues.push({ path, message: `unknown step "${name}"` });
        else if (!input.main[target]?.compensable)
          issues.push({ path, message: `step "${name}" has no compensate step` });
      });
    }
  });
}

function ancestors(step: number, dependsOn: readonly (readonly number[])[]): Set<number> {
  const found = new Set<number>();
  const stack = [...(dependsOn[step] ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as number;
    if (found.has(next)) continue;
    found.add(next);
    stack.push(...(dependsOn[next] ?? []));
  }
  return found;
}
