/**
 * Seed 004's acceptance, through the pure state machine with fake tools: the bilingual
 * coach (speech_to_text → NLU and MT → feedback → TTS) runs to completion; with its primary
 * providers failing it completes through the fallbacks; with `maxTokens` too low it fails
 * with `budget_exceeded` before the step that would overrun; a failing quality gate stops
 * it at that step.
 */
import { describe, expect, it } from 'vitest';
import { type CompiledWorkflow, parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell, fixture, type Outcome, type StartCommand } from './fake-shell.js';

const coach = fixture('bilingual-coach.yaml');
const payload = {
  userId: 'user123',
  sessionId: 'session456',
  targetLanguage: 'es',
  sourceLanguage: 'en',
  audioData: 'UklGRg==',
};

const outputs = new Map<string, Outcome>([
  [
    'stt.transcribe',
    { output: { text: 'I has a cat', confidence: 0.93, segments: [] }, usage: { tokens: 0, cost: 0.01 } },
  ],
  [
    'nlu.analyze',
    {
      output: {
        intent: 'statement',
        grammar: { errors: 1 },
        entities: ['cat'],
        sentiment: 'neutral',
        confidence: 0.8,
      },
      usage: { tokens: 1_500, cost: 0.02 },
    },
  ],
  ['mt.translate', { output: { translation: 'Tengo un gato' }, usage: { tokens: 400, cost: 0.01 } }],
  [
    'feedback.generate',
    { output: { feedback: 'Say "I have a cat".', score: 82 }, usage: { tokens: 2_100, cost: 0.05 } },
  ],
  ['tts.synthesize', { output: { audioUrl: 'mem://feedback.mp3' }, usage: { cost: 0.02 } }],
]);

const tools = (command: StartCommand): Outcome => {
  if (command.work.kind !== 'tool') throw new Error(`unexpected ${command.work.kind} step`);
  return outputs.get(command.work.tool) ?? { error: { code: 'no_such_tool', message: command.work.tool } };
};

function shell(workflow: CompiledWorkflow = parseWorkflowDefinition(coach)): FakeShell {
  return new FakeShell(workflow, { runId: 'coach-1', payload, context: { userId: 'user123' } });
}

describe('the bilingual coach (seed 004)', () => {
  it('runs its five steps to completion, in dependency order, with templated inputs', async () => {
    const run = shell();
    const result = await run.execute(tools);
    expect(result).toMatchObject({
      status: 'completed',
      runId: 'coach-1',
      workflow: { name: 'Bilingual Coach Workflow', version: '1.0.0' },
    });
    expect(result?.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['speech_to_text', 'completed', 1],
      ['natural_language_understanding', 'completed', 1],
      ['machine_translation', 'completed', 1],
      ['feedback_generation', 'completed', 1],
      ['text_to_speech', 'completed', 1],
    ]);
    expect(typeof result?.duration).toBe('number');
    expect(result?.usage).toEqual({ tokens: 4_000, cost: expect.closeTo(0.11, 9) });
    expect(run.startedSteps()).toEqual([
      'speech_to_text',
      'natural_language_understanding',
      'machine_translation',
      'feedback_generation',
      'text_to_speech',
    ]);
    const started = new Map(run.started.map((command) => [command.step, command]));
    expect(started.get('speech_to_text')).toMatchObject({
      idempotencyKey: 'coach-1:speech_to_text:1',
      input: { audioData: 'UklGRg==', language: 'en' },
      work: {
        kind: 'tool',
        tool: 'stt.transcribe',
        provider: 'openrouter',
        config: { language: 'en' },
        security: { piiRedaction: true },
      },
      timeoutMs: 12_000,
    });
    expect(started.get('natural_language_understanding')?.input).toEqual({
      text: 'I has a cat',
      language: 'en',
      context: 'language_learning_coaching',
    });
    expect(started.get('feedback_generation')?.input).toEqual({
      analysis: {
        intent: 'statement',
        grammar: { errors: 1 },
        entities: ['cat'],
        sentiment: 'neutral',
        confidence: 0.8,
      },
      translation: 'Tengo un gato',
      summary: 'Intent statement in es',
    });
  });

  it('starts NLU and MT together once speech_to_text is done', async () => {
    const run = shell();
    await run.send({ type: 'start' });
    await run.answer('coach-1:speech_to_text:1', outputs.get('stt.transcribe') as Exclude<Outcome, 'hang'>);
    expect([...run.pending.values()].map((command) => command.step)).toEqual([
      'natural_language_understanding',
      'machine_translation',
    ]);
  });

  it('completes through the fallbacks when the primary providers fail', async () => {
    const run = shell();
    const result = await run.execute((command) => {
      if (command.work.kind !== 'tool') throw new Error('tool steps only');
      const { tool, provider } = command.work;
      // Every STT provider of `provider:` fails; `config.fallback` answers. TTS's only provider
      // fails; `guards.fallbacks.tts` answers.
      if (tool === 'stt.transcribe' && provider !== 'integration-app.stt.local') {
        return { error: { code: 'unavailable', message: `${provider} is down` } };
      }
      if (tool === 'tts.synthesize' && provider === 'elevenlabs')
        return { error: { code: 'unavailable', message: 'down' } };
      return tools(command);
    });
    expect(result?.status).toBe('completed');
    const providers = (step: string) =>
      run.started
        .filter((command) => command.step === step)
        .map((command) => (command.work.kind === 'tool' ? command.work.provider : ''));
    expect(providers('speech_to_text')).toEqual([
      'openrouter',
      'gemini',
      'integration-app',
      'integration-app.stt.local',
    ]);
    expect(providers('text_to_speech')).toEqual(['elevenlabs', 'text-only']);
    const stt = result?.steps.find((step) => step.name === 'speech_to_text');
    expect(stt).toMatchObject({ status: 'completed', attempts: 4, provider: 'integration-app.stt.local' });
    expect(
      run.started
        .filter((command) => command.step === 'speech_to_text')
        .map((command) => command.idempotencyKey),
    ).toEqual([
      'coach-1:speech_to_text:1',
      'coach-1:speech_to_text:2',
      'coach-1:speech_to_text:3',
      'coach-1:speech_to_text:4',
    ]);
  });

  it('fails with budget_exceeded before NLU when maxTokens cannot cover its maxTokens', async () => {
    const run = shell(parseWorkflowDefinition(coach.replace('maxTokens: 10000', 'maxTokens: 1500')));
    const result = await run.execute(tools);
    expect(result?.status).toBe('failed');
    expect(result?.error).toMatchObject({
      code: 'budget_exceeded',
      budget: 'maxTokens',
      step: 'natural_language_understanding',
    });
    expect(result?.error?.message).toBe(
      'guards.budget.maxTokens (1500) cannot cover step "natural_language_understanding": 0 spent or held, 2000 expected',
    );
    expect(run.startedSteps()).toEqual(['speech_to_text']);
    expect(result?.steps.map((step) => step.status)).toEqual([
      'completed',
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
  });

  it('counts what was spent: fails before feedback when spent + expected is over', async () => {
    const run = shell(parseWorkflowDefinition(coach.replace('maxTokens: 10000', 'maxTokens: 4000')));
    const result = await run.execute(tools);
    expect(result?.error).toMatchObject({
      code: 'budget_exceeded',
      budget: 'maxTokens',
      step: 'feedback_generation',
    });
    expect(result?.error?.message).toContain('1900 spent or held, 3000 expected');
    expect(run.startedSteps()).not.toContain('feedback_generation');
  });

  it('stops at feedback_generation when its quality gate fails (fail fast)', async () => {
    const run = shell();
    const result = await run.execute((command) =>
      command.work.kind === 'tool' && command.work.tool === 'feedback.generate'
        ? { output: { feedback: 'ok', score: 20 }, usage: { tokens: 100 } }
        : tools(command),
    );
    expect(result?.status).toBe('failed');
    expect(result?.error).toMatchObject({
      code: 'gate_failed',
      gate: 'feedback_quality',
      step: 'feedback_generation',
    });
    expect(result?.error?.message).toBe(
      'gate "feedback_quality" of step "feedback_generation" failed: output.score >= 50 is false',
    );
    expect(run.startedSteps()).not.toContain('text_to_speech');
    expect(result?.steps.find((step) => step.name === 'feedback_generation')?.status).toBe('failed');
  });

  it('refuses a payload that does not fit the trigger, naming the field', () => {
    const workflow = parseWorkflowDefinition(coach);
    expect(() => new FakeShell(workflow, { runId: 'r', payload: { userId: 7 } })).toThrow(
      'options.payload does not fit the trigger: payload.sessionId: is required; payload.targetLanguage: is required; ' +
        'payload.sourceLanguage: is required; payload.userId: must be string',
    );
  });
});
