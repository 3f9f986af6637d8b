// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Seed 004's Workflow Engine API on the engine `startWorkflows` answers (engine-registry.ts):
 * `registerWorkflow(definition)`, `getWorkflow(name)`, `getWorkflows()` and
 * `executeWorkflow(name, payload, context)` → `{ status, duration, steps }`; the engine is the
 * system's (`workflowEngineOf`) until it stops or another one starts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { findWorkflowEngine, startWorkflows, workflowEngineOf } from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem, InvalidArgumentError } from '../../../../src/kernel/index.js';

let dir: string;
let system: ActorSystem;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-engine-api-'));
  system = createActorSystem({ threads: 1, dataDir: join(dir, 'data') });
});
afterEach(async () => {
  await system.shutdown();
  await rm(dir, { recursive: true, force: true });
});

const GREETING = `
name: greeting
version: "2"
steps:
  - name: greet
    tool: greet
    input: { text: "hello \${trigger.payload.who}", lang: "\${context.lang}" }
  - name: shout
    tool: shout
    input: { text: "\${steps.greet.output.text}" }
`;

it('registers, shows, lists and executes a workflow as seed 004 calls them', async () => {
  const engine = await startWorkflows(system, {
    tools: {
      greet: (args) => {
        const { text, lang } = args as { text: string; lang: string };
        return { output: { text: `${text} (${lang})` } };
      },
      shout: (args) => ({ output: { text: (args as { text: string }).text.toUpperCase() } }),
    },
  });
  expect(workflowEngineOf(system)).toBe(engine);
  expect(await engine.registerWorkflow(GREETING)).toMatchObject({ name: 'greeting', version: '2' });
  expect(engine.getWorkflow('greeting')).toMatchObject({ name: 'greeting', version: '2', status: 'active' });
  expect(engine.getWorkflow('greeting', '1')).toBeUndefined();
  expect(engine.getWorkflow('__proto__')).toBeUndefined();
  expect(engine.getWorkflows()).toMatchObject([{ name: 'greeting', current: '2' }]);
  const result = await engine.executeWorkflow('greeting', { who: 'ada' }, { lang: 'en' });
  expect(result).toMatchObject({
    status: 'completed',
    duration: expect.any(Number),
    steps: [
      { name: 'greet', status: 'completed', output: { text: 'hello ada (en)' } },
      { name: 'shout', status: 'completed', output: { text: 'HELLO ADA (EN)' } },
    ],
  });
  // A name that is not defined is refused, naming it; the engine goes on.
  await expect(engine.executeWorkflow('nope')).rejects.toMatchObject({ code: 'not_found' });
  const next = await startWorkflows(system, { tools: {} });
  expect(workflowEngineOf(system)).toBe(next);
  next.stop();
  expect(findWorkflowEngine(system)).toBeUndefined();
  expect(() => workflowEngineOf(system)).toThrow(InvalidArgumentError);
});
