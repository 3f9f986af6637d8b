// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Budgets (`guards.budget`): an attempt starts only if what was spent, what running attempts
 * hold and what it expects fit every limit; usage over a limit fails the run at once; when
 * the wall time runs out, the run fails and what is under way is cancelled.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';

const workflow = (budget: Record<string, unknown>, steps: Record<string, unknown>[]) =>
  parseWorkflowDefinition({ name: 'b', guards: { budget }, steps });

describe('budgets', () => {
  it('fails as soon as reported cost goes over maxCost, naming it', async () => {
    const shell = new FakeShell(
      workflow({ maxCost: 0.3 }, [
        { name: 'a', tool: 'x' },
        { name: 'b', tool: 'y', depends_on: ['a'] },
        { name: 'c', tool: 'z', depends_on: ['b'] },
      ]),
      { runId: 'b' },
    );
    const result = await shell.execute(() => ({ output: 'ok', usage: { cost: 0.2 } }));
    expect(result?.error).toEqual({
      code: 'budget_exceeded',
      budget: 'maxCost',
      step: 'b',
      message: 'guards.budget.maxCost (0.3) exceeded: 0.4 spent',
    });
    expect(shell.startedSteps()).toEqual(['a', 'b']);
  });

  it('holds the estimates of running attempts: two parallel steps cannot both take the budget', async () => {
    const shell = new FakeShell(
      workflow({ maxTokens: 1_000 }, [
        { name: 'a', tool: 'x', estimate: { tokens: 600 } },
        { name: 'b', tool: 'y', config: { maxTokens: 600 } },
      ]),
      { runId: 'b' },
    );
    await shell.send({ type: 'start' });
    expect(shell.result?.error).toMatchObject({
      budget: 'maxTokens',
      step: 'b',
      message: 'guards.budget.maxTokens (1000) cannot cover step "b": 600 spent or held, 600 expected',
    });
    expect(shell.cancelled.map((command) => command.step)).toEqual(['a']);
  });

  it('reads usage from an output field the step names', async () => {
    const shell = new FakeShell(
      workflow({ maxTokens: 100 }, [{ name: 'a', tool: 'x', usage: { tokens: 'meta.total_tokens' } }]),
      { runId: 'b' },
    );
    const result = await shell.execute(() => ({ output: { meta: { total_tokens: 150 } } }));
    expect(result?.error).toMatchObject({
      budget: 'maxTokens',
      message: 'guards.budget.maxTokens (100) exceeded: 150 spent',
    });
  });

  it('fails fast on usage reported while a step runs', async () => {
    const shell = new FakeShell(workflow({ maxTokens: 100 }, [{ name: 'a', tool: 'x' }]), { runId: 'b' });
    await shell.send({ type: 'start' });
    await shell.send({ type: 'budget-tick', usage: { step: 'a', attempt: 1, tokens: 60 } });
    expect(shell.run.status).toBe('running');
    await shell.send({ type: 'budget-tick', usage: { step: 'a', attempt: 1, tokens: 60 } });
    expect(shell.result?.error).toMatchObject({ budget: 'maxTokens' });
    expect(shell.cancelled.map((command) => command.idempotencyKey)).toEqual(['b:a:1']);
  });

  it('cancels what is under way when the wall time runs out', async () => {
    const shell = new FakeShell(
      workflow({ maxMs: '5m' }, [{ name: 'a', tool: 'x', timeout: '10m' }]),
      { runId: 'b' },
      0,
    );
    await shell.send({ type: 'start' });
    expect(shell.started[0]?.timeoutMs).toBe(300_000);
    expect(shell.timers.get('budget:maxMs')).toBe(300_000);
    shell.now = 300_000;
    await shell.send({ type: 'timer-fired', timerId: 'budget:maxMs' });
    expect(shell.result?.error).toEqual({
      code: 'budget_exceeded',
      budget: 'maxMs',
      message: 'guards.budget.maxMs (300000 ms) ran out',
    });
    expect(shell.cancelled.map((command) => command.idempotencyKey)).toEqual(['b:a:1']);
    expect(shell.timers.size).toBe(0);
  });

  it('does not start a step expected to take longer than the wall time left', async () => {
    const shell = new FakeShell(
      workflow({ maxMs: 10_000 }, [
        { name: 'a', tool: 'x' },
        { name: 'b', tool: 'y', depends_on: ['a'], estimate: { ms: '8s' } },
      ]),
      { runId: 'b' },
      0,
    );
    await shell.send({ type: 'start' });
    shell.now = 4_000;
    await shell.answer('b:a:1', { output: 'ok' });
    expect(shell.result?.error).toMatchObject({
      budget: 'maxMs',
      step: 'b',
      message: 'guards.budget.maxMs (10000) cannot cover step "b": 6000 ms left, 8000 ms expected',
    });
  });
});
