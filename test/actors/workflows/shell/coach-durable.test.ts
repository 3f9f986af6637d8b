/**
 * Seed 004's acceptance through the durable shell: the bilingual coach defined in a store,
 * each run a `run:<id>` actor on worker threads, its five steps backed by fixture tools the
 * test registers — completion, fallback on the primary providers failing, `budget_exceeded`
 * before the step that would overrun, and a quality gate that stops the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defineWorkflow,
  executeWorkflow,
  getWorkflowRun,
  RUNS_TABLE,
  type RunRecord,
  startWorkflows,
  type ToolCallOptions,
  type ToolFunction,
} from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { fixture } from '../fake-shell.js';

const coach = fixture('bilingual-coach.yaml');
const payload = {
  userId: 'u1',
  sessionId: 's1',
  targetLanguage: 'es',
  sourceLanguage: 'en',
  audioData: 'UklGRg==',
};

let dir: string;
let system: ActorSystem;
const calls: { tool: string; provider?: string; key: string }[] = [];

const outputs: Record<string, { output: unknown; usage?: { tokens?: number; cost?: number } }> = {
  'stt.transcribe': {
    output: { text: 'I has a cat', confidence: 0.93, segments: [] },
    usage: { cost: 0.01 },
  },
  'nlu.analyze': {
    output: {
      intent: 'statement',
      grammar: { errors: 1 },
      entities: ['cat'],
      sentiment: 'neutral',
      confidence: 0.8,
    },
    usage: { tokens: 1_500, cost: 0.02 },
  },
  'mt.translate': { output: { translation: 'Tengo un gato' }, usage: { tokens: 400, cost: 0.01 } },
  'feedback.generate': { output: { feedback: 'Say "I have a cat".', score: 82 }, usage: { tokens: 2_100 } },
  'tts.synthesize': { output: { audioUrl: 'mem://feedback.mp3' }, usage: { cost: 0.02 } },
};

function tools(
  override: (tool: string, options: ToolCallOptions) => unknown = () => undefined,
): Record<string, ToolFunction> {
  return Object.fromEntries(
    Object.keys(outputs).map((tool) => [
      tool,
      (_args: unknown, options: ToolCallOptions) => {
        calls.push({
          tool,
          key: options.idempotencyKey,
          ...(options.provider ? { provider: options.provider } : {}),
        });
        const replaced = override(tool, options);
        if (replaced instanceof Error) throw replaced;
        return (replaced as { output: unknown } | undefined) ?? (outputs[tool] as { output: unknown });
      },
    ]),
  );
}

beforeEach(async () => {
  calls.length = 0;
  dir = await mkdtemp(join(tmpdir(), 'troupe-workflows-coach-'));
  system = createActorSystem({ threads: 2, dataDir: dir });
});

afterEach(async () => {
  await system.shutdown();
  await rm(dir, { recursive: true, force: true });
});

describe('the bilingual coach as durable runs', () => {
  it('defines the workflow and runs its five steps to completion, each a committed transition', async () => {
    await startWorkflows(system, { tools: tools() });
    const record = await defineWorkflow(system, coach);
    expect(record).toMatchObject({
      name: 'Bilingual Coach Workflow',
      version: '1.0.0',
      id: 'bilingual-coach',
    });
    const result = await executeWorkflow(
      system,
      'bilingual-coach',
      payload,
      { userId: 'u1' },
      { runId: 'coach-1' },
    );
    expect(result.status).toBe('completed');
    expect(result.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['speech_to_text', 'completed', 1],
      ['natural_language_understanding', 'completed', 1],
      ['machine_translation', 'completed', 1],
      ['feedback_generation', 'completed', 1],
      ['text_to_speech', 'completed', 1],
    ]);
    expect(result.usage.tokens).toBe(4_000);
    expect(calls[0]).toEqual({
      tool: 'stt.transcribe',
      provider: 'openrouter',
      key: 'coach-1:speech_to_text:1',
    });
    const view = await getWorkflowRun(system, 'coach-1');
    expect(view.result.status).toBe('completed');
    expect(system.table<RunRecord>(RUNS_TABLE).get(['coach-1'])).toMatchObject({ status: 'completed' });
  });

  it('completes through the fallbacks when the primary providers fail', async () => {
    await startWorkflows(system, {
      tools: tools((tool, options) =>
        (tool === 'stt.transcribe' && options.provider !== 'integration-app.stt.local') ||
        (tool === 'tts.synthesize' && options.provider === 'elevenlabs')
          ? Object.assign(new Error(`${options.provider} is down`), { code: 'unavailable' })
          : undefined,
      ),
    });
    await defineWorkflow(system, coach);
    const result = await executeWorkflow(system, 'bilingual-coach', payload, {}, { runId: 'coach-2' });
    expect(result.status).toBe('completed');
    expect(calls.filter((call) => call.tool === 'stt.transcribe').map((call) => call.provider)).toEqual([
      'openrouter',
      'gemini',
      'integration-app',
      'integration-app.stt.local',
    ]);
    expect(result.steps.find((step) => step.name === 'text_to_speech')).toMatchObject({
      provider: 'text-only',
    });
  });

  it('fails fast with budget_exceeded before the step that would overrun maxTokens', async () => {
    await startWorkflows(system, { tools: tools() });
    await defineWorkflow(system, coach.replace('maxTokens: 10000', 'maxTokens: 1500'));
    const result = await executeWorkflow(system, 'bilingual-coach', payload);
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({
      code: 'budget_exceeded',
      budget: 'maxTokens',
      step: 'natural_language_understanding',
    });
    expect(calls.map((call) => call.tool)).toEqual(['stt.transcribe']);
  });

  it('stops at feedback_generation when its quality gate fails', async () => {
    await startWorkflows(system, {
      tools: tools((tool) =>
        tool === 'feedback.generate' ? { output: { feedback: 'ok', score: 20 } } : undefined,
      ),
    });
    await defineWorkflow(system, coach);
    const result = await executeWorkflow(system, 'Bilingual Coach Workflow', payload);
    expect(result.error).toMatchObject({
      code: 'gate_failed',
      gate: 'feedback_quality',
      step: 'feedback_generation',
    });
    expect(calls.map((call) => call.tool)).not.toContain('tts.synthesize');
  });

  it('refuses a payload that does not fit the trigger, and a version redefined with another source', async () => {
    await startWorkflows(system, { tools: tools() });
    await defineWorkflow(system, coach);
    await expect(executeWorkflow(system, 'bilingual-coach', { userId: 7 })).rejects.toThrow(
      'options.payload does not fit',
    );
    await expect(
      defineWorkflow(system, coach.replace('maxTokens: 10000', 'maxTokens: 9000')),
    ).rejects.toMatchObject({
      code: 'already_exists',
      field: 'version',
    });
  });
});
