// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Failure handling per step: retries with backoff (interval, coefficient, cap, jitter from
 * the run's seed, non-retryable codes), timeouts that cancel the attempt, fallback targets
 * after the retries of each, typed output checks, a gate that falls back, and inputs that
 * cannot be resolved.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell, type Outcome } from './fake-shell.js';

const one = (step: Record<string, unknown>) =>
  parseWorkflowDefinition({ name: 'one', steps: [{ name: 'call', tool: 'fixture.call', ...step }] });
const failure = (code = 'unavailable', retryable?: boolean): Outcome => ({
  error: { code, message: `${code}!`, ...(retryable === undefined ? {} : { retryable }) },
});

/** Answers from a script, one per attempt, in order. */
const script = (...outcomes: Outcome[]) => {
  let next = 0;
  return () => outcomes[Math.min(next++, outcomes.length - 1)] as Outcome;
};

const retryTimers = (shell: FakeShell) =>
  shell.commands.flatMap((command) =>
    command.type === 'schedule-timer' && command.timerId.startsWith('retry:') ? [command] : [],
  );

describe('retries', () => {
  it('backs off by the coefficient up to the cap, then succeeds', async () => {
    const shell = new FakeShell(
      one({
        retry: { maximumAttempts: 4, initialInterval: '1s', backoffCoefficient: 3, maximumInterval: '5s' },
      }),
      { runId: 'r' },
      0,
    );
    const result = await shell.execute(script(failure(), failure(), failure(), { output: 'done' }));
    expect(result).toMatchObject({
      status: 'completed',
      steps: [{ status: 'completed', attempts: 4, output: 'done' }],
    });
    expect(retryTimers(shell).map((timer) => [timer.timerId, timer.at])).toEqual([
      ['retry:call:1', 1_000],
      ['retry:call:2', 4_000],
      ['retry:call:3', 9_000],
    ]);
    expect(shell.started.map((command) => command.idempotencyKey)).toEqual([
      'r:call:1',
      'r:call:2',
      'r:call:3',
      'r:call:4',
    ]);
  });

  it('draws full jitter from the run seed: the same seed, the same delays', async () => {
    const delays = async (seed: number) => {
      const shell = new FakeShell(
        one({ retry: { maximumAttempts: 6, initialInterval: 1_000, jitter: 'full' } }),
        { runId: 'r', seed },
        0,
      );
      await shell.execute(script(failure()));
      const timers = retryTimers(shell);
      return timers.map((timer, index) => timer.at - (index === 0 ? 0 : (timers[index - 1]?.at ?? 0)));
    };
    const first = await delays(7);
    expect(first).toHaveLength(5);
    first.forEach((delay, index) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(1_000 * 2 ** index);
    });
    expect(await delays(7)).toEqual(first);
    expect(await delays(8)).not.toEqual(first);
  });

  it('does not retry a code listed as non-retryable, nor an error that says so', async () => {
    const listed = new FakeShell(
      one({ retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['bad_request'] } }),
      { runId: 'r' },
    );
    expect(await listed.execute(script(failure('bad_request')))).toMatchObject({
      status: 'failed',
      error: { code: 'bad_request', step: 'call' },
    });
    expect(listed.started).toHaveLength(1);
    const declared = new FakeShell(one({ retry: { maximumAttempts: 5 } }), { runId: 'r' });
    await declared.execute(script(failure('nope', false)));
    expect(declared.started).toHaveLength(1);
  });

  it('gives each fallback target its own retries, in order', async () => {
    const shell = new FakeShell(
      one({ provider: 'a|b', retry: { maximumAttempts: 2, initialInterval: 10 } }),
      { runId: 'r' },
    );
    const result = await shell.execute((command) =>
      command.work.kind === 'tool' && command.work.provider === 'b' && command.attempt === 4
        ? { output: 'from b' }
        : failure(),
    );
    expect(result).toMatchObject({
      status: 'completed',
      steps: [{ attempts: 4, provider: 'b', output: 'from b' }],
    });
    expect(
      shell.started.map((command) => (command.work.kind === 'tool' ? command.work.provider : '')),
    ).toEqual(['a', 'a', 'b', 'b']);
  });
});

describe('timeouts', () => {
  it('cancel the attempt, retry it, and ignore the late answer', async () => {
    const shell = new FakeShell(
      one({ timeout: '2s', retry: { maximumAttempts: 2, initialInterval: 0 } }),
      { runId: 'r' },
      0,
    );
    await shell.send({ type: 'start' });
    expect(shell.started[0]?.timeoutMs).toBe(2_000);
    shell.now = 2_000;
    await shell.send({ type: 'timer-fired', timerId: 'timeout:call:1' });
    expect(shell.cancelled[0]).toMatchObject({
      idempotencyKey: 'r:call:1',
      reason: 'step "call" attempt 1 timed out after 2000 ms',
    });
    await shell.send({ type: 'timer-fired', timerId: 'retry:call:1' });
    expect(shell.started[1]?.idempotencyKey).toBe('r:call:2');
    expect(await shell.send({ type: 'step-succeeded', step: 'call', attempt: 1, output: 'late' })).toBe(
      'attempt 1 of "call" is not in flight (it is running, attempt 2)',
    );
    await shell.send({ type: 'step-succeeded', step: 'call', attempt: 2, output: 'on time' });
    expect(shell.result).toMatchObject({ status: 'completed', steps: [{ output: 'on time', attempts: 2 }] });
    expect(shell.run.steps[0]?.attempts.map((attempt) => [attempt.outcome, attempt.error?.code])).toEqual([
      ['failed', 'timeout'],
      ['succeeded', undefined],
    ]);
    expect(shell.timers.size).toBe(0);
    expect(shell.run.timers).toEqual([]);
  });
});

describe('output checks and gates', () => {
  it('retries an output that does not fit its typed fields, naming the field', async () => {
    const shell = new FakeShell(
      one({
        output: { text: 'string', score: 'number?' },
        retry: { maximumAttempts: 2, initialInterval: 0 },
      }),
      { runId: 'r' },
    );
    const result = await shell.execute(script({ output: { text: 5 } }, { output: { text: 'ok', score: 1 } }));
    expect(result?.status).toBe('completed');
    expect(shell.run.steps[0]?.attempts[0]?.error).toEqual({
      code: 'invalid_output',
      message: 'step "call" gave output that does not fit its fields: output.text: must be string',
      retryable: true,
    });
  });

  it('a gate with action fallback moves to the next provider', async () => {
    const shell = new FakeShell(
      one({
        provider: 'cheap|good',
        gate: { name: 'confident', expression: 'output.confidence >= 0.9', action: 'fallback' },
      }),
      { runId: 'r' },
    );
    const result = await shell.execute((command) =>
      command.work.kind === 'tool' && command.work.provider === 'cheap'
        ? { output: { confidence: 0.4 } }
        : { output: { confidence: 0.95 } },
    );
    expect(result).toMatchObject({
      status: 'completed',
      steps: [{ provider: 'good', output: { confidence: 0.95 }, attempts: 2 }],
    });
    expect(shell.run.steps[0]?.attempts[0]?.error).toMatchObject({ code: 'gate_failed', gate: 'confident' });
  });

  it('a gate with a JSON Schema names what does not fit', async () => {
    const gate = {
      schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', minItems: 1 } } },
    };
    const shell = new FakeShell(one({ gate }), { runId: 'r' });
    const result = await shell.execute(script({ output: { items: [] } }));
    expect(result?.error).toMatchObject({
      code: 'gate_failed',
      gate: 'call.gate',
      step: 'call',
      message: 'gate "call.gate" of step "call" failed: output.items: must NOT have fewer than 1 items',
    });
  });
});

describe('inputs that cannot be resolved', () => {
  it('fail the step with invalid_input, without retry or fallback', async () => {
    const shell = new FakeShell(
      one({ provider: 'a|b', retry: { maximumAttempts: 3 }, input: { n: "${$number('abc')}" } }),
      { runId: 'r' },
    );
    const result = await shell.execute(script({ output: 'never' }));
    expect(shell.started).toHaveLength(0);
    expect(result?.error).toMatchObject({ code: 'invalid_input', step: 'call' });
    expect(result?.error?.message).toMatch(/^step "call": expression "\$number\('abc'\)" failed: /);
  });

  it('refuse $random(): a replayed run must compute the same input', async () => {
    const shell = new FakeShell(one({ input: { n: '${$random()}' } }), { runId: 'r' });
    const result = await shell.execute(script({ output: 'never' }));
    expect(result?.error?.message).toContain('$random() is not available in workflows');
  });
});
