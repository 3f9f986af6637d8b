// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Property: for random DAGs — dependencies written with `depends_on` or implied by
 * `${steps.x…}`, steps listed in random order, answers arriving in random order after random
 * delays — every step runs exactly once, only after every step it depends on completed, and
 * its templated input holds their outputs. Seeded, so a failure names its seed.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';
import { createSeededRandom, type SeededRandom } from './seeded-random.js';

const GRAPHS = 60;

interface Graph {
  readonly names: string[];
  readonly dependsOn: Map<string, string[]>;
}

function randomGraph(random: SeededRandom): Graph {
  const count = 1 + random.below(14);
  const names = Array.from({ length: count }, (_, index) => `s${index}`);
  const dependsOn = new Map<string, string[]>();
  names.forEach((name, index) => {
    const earlier = names.slice(0, index).filter(() => random.next() < 0.3);
    dependsOn.set(name, earlier);
  });
  return { names, dependsOn };
}

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.below(index + 1);
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

function definitionOf(graph: Graph, random: SeededRandom) {
  const steps = graph.names.map((name) => {
    const written: string[] = [];
    const input: Record<string, string> = {};
    for (const dependency of graph.dependsOn.get(name) ?? []) {
      if (random.next() < 0.5) written.push(dependency);
      else input[dependency] = `\${steps.${dependency}.output}`;
    }
    return { name, tool: 'echo', depends_on: written, input };
  });
  return { name: 'random', steps: shuffled(steps, random) };
}

describe('random DAGs', () => {
  it(`run every step exactly once, in dependency order (${GRAPHS} graphs)`, async () => {
    for (let seed = 1; seed <= GRAPHS; seed++) {
      const random = createSeededRandom(seed);
      const graph = randomGraph(random);
      const workflow = parseWorkflowDefinition(definitionOf(graph, random));
      const shell = new FakeShell(workflow, { runId: `dag-${seed}` });
      await shell.send({ type: 'start' });
      await shell.drive((command) => ({ output: `out-${command.step}`, after: random.below(4) }), {
        pick: (count) => random.below(count),
      });
      expect(shell.result?.status, `seed ${seed}`).toBe('completed');
      expect(shell.startedSteps().sort(), `seed ${seed}`).toEqual([...graph.names].sort());
      for (const name of graph.names) {
        const started = shell.log.indexOf(`start dag-${seed}:${name}:1`);
        for (const dependency of graph.dependsOn.get(name) ?? []) {
          expect(
            shell.log.indexOf(`done ${dependency}`),
            `seed ${seed}: ${name} after ${dependency}`,
          ).toBeLessThan(started);
        }
        const command = shell.started.find((candidate) => candidate.step === name);
        for (const [key, value] of Object.entries((command?.input ?? {}) as Record<string, unknown>)) {
          expect(value, `seed ${seed}: ${name}.input.${key}`).toBe(`out-${key}`);
        }
      }
    }
  });
});
