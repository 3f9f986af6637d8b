/**
 * Seed 004's bilingual coach with one of its five steps backed by a real downstream MCP
 * server from npm, through the gateway: `text_to_speech` calls server-everything's `echo`
 * (`everything__echo`, a child process the gateway supervises) while the other four stay
 * fixture functions; the run completes and the step's output is the server's answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Gateway } from '../../../../actors/gateway/embedding/gateway.js';
import { startGateway } from '../../../../actors/gateway/embedding/start-gateway.js';
import {
  createFunctionTools,
  createGatewayTools,
  defineWorkflow,
  executeWorkflow,
  startWorkflows,
  type ToolFunction,
} from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { EVERYTHING } from '../../gateway/servers.js';
import { fixture } from '../fake-shell.js';

let dir: string | undefined;
let system: ActorSystem | undefined;
let gateway: Gateway | undefined;

afterEach(async () => {
  await gateway?.stop();
  await system?.shutdown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const feedback = 'Say "I have a cat".';
const fixtures: Record<string, ToolFunction> = {
  'stt.transcribe': () => ({ output: { text: 'I has a cat', confidence: 0.93, segments: [] } }),
  'nlu.analyze': () => ({
    output: {
      intent: 'statement',
      grammar: { errors: 1 },
      entities: ['cat'],
      sentiment: 'neutral',
      confidence: 0.8,
    },
    usage: { tokens: 1_500 },
  }),
  'mt.translate': () => ({ output: { translation: 'Tengo un gato' }, usage: { tokens: 400 } }),
  'feedback.generate': () => ({ output: { feedback, score: 82 }, usage: { tokens: 2_100 } }),
};

it('runs the coach to completion with its speech step served by a real downstream server', async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-coach-gateway-'));
  system = createActorSystem({ threads: 2, dataDir: dir });
  gateway = await startGateway(
    system,
    { mcpServers: { everything: { command: process.execPath, args: [EVERYTHING] } } },
    { graceMs: 300 },
  );
  // The fixtures by name; any other name (`everything__echo`) goes to the gateway.
  await startWorkflows(system, { tools: createFunctionTools(fixtures, createGatewayTools(gateway)) });
  const definition = parse(fixture('bilingual-coach.yaml')) as { steps: Record<string, unknown>[] };
  definition.steps[4] = {
    name: 'text_to_speech',
    description: 'Speak the feedback (here: echoed by server-everything)',
    tool: 'everything__echo',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow template, not a JavaScript one
    input: { message: '${steps.feedback_generation.output.feedback}' },
  };
  await defineWorkflow(system, definition);
  const result = await executeWorkflow(system, 'bilingual-coach', {
    userId: 'u1',
    sessionId: 's1',
    targetLanguage: 'es',
    sourceLanguage: 'en',
    audioData: 'UklGRg==',
  });
  expect(result.status).toBe('completed');
  expect(result.steps.map((step) => [step.name, step.status])).toEqual([
    ['speech_to_text', 'completed'],
    ['natural_language_understanding', 'completed'],
    ['machine_translation', 'completed'],
    ['feedback_generation', 'completed'],
    ['text_to_speech', 'completed'],
  ]);
  expect(result.steps[4]?.output).toBe(`Echo: ${feedback}`);
}, 60_000);
