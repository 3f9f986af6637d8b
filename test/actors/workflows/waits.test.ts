// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Waits, pause, resume and cancel: a signal that comes before its wait is kept for it; a
 * durable timer waits a delay or until a date; a signal wait can time out; nothing starts
 * while the run is paused; cancelling calls off what is under way and clears the timers.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';

const approval = (wait: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseWorkflowDefinition({
    name: 'approve',
    steps: [
      { name: 'draft', tool: 'write' },
      { name: 'approval', wait, depends_on: ['draft'], ...extra },
      { name: 'ship', tool: 'ship', input: { by: '${steps.approval.output.by}' } },
    ],
  });

describe('signal waits', () => {
  it('keep a signal that comes before the wait, and hand it over when the wait begins', async () => {
    const shell = new FakeShell(approval({ signal: 'approved' }), { runId: 'w' });
    await shell.send({ type: 'signal-received', signal: 'approved', payload: { by: 'ana' } });
    await shell.send({ type: 'start' });
    expect(shell.run.signals).toHaveLength(1);
    await shell.answer('w:draft:1', { output: 'text' });
    expect(shell.run.signals).toEqual([]);
    expect(shell.run.steps[1]).toMatchObject({ status: 'completed', output: { by: 'ana' } });
    expect(shell.started.at(-1)).toMatchObject({ step: 'ship', input: { by: 'ana' } });
  });

  it('complete when the signal comes while they wait, and ignore signals nobody waits for', async () => {
    const shell = new FakeShell(approval({ signal: 'approved' }), { runId: 'w' });
    await shell.send({ type: 'start' });
    await shell.answer('w:draft:1', { output: 'text' });
    expect(shell.run.steps[1]).toMatchObject({ status: 'waiting', waitingFor: 'signal' });
    expect(await shell.send({ type: 'signal-received', signal: 'other', payload: 1 })).toBe(
      'no wait step waits for signal "other"',
    );
    await shell.send({ type: 'signal-received', signal: 'approved', payload: { by: 'bo' } });
    expect(shell.started.at(-1)).toMatchObject({ step: 'ship', input: { by: 'bo' } });
  });

  it('time out when the signal does not come', async () => {
    const shell = new FakeShell(approval({ signal: 'approved' }, { timeout: '1h' }), { runId: 'w' }, 0);
    const result = await shell.execute(() => ({ output: 'text' }));
    expect(result?.error).toMatchObject({
      code: 'timeout',
      step: 'approval',
      message: 'step "approval" attempt 1 timed out after 3600000 ms',
    });
  });
});

describe('timer waits', () => {
  it('wait a delay', async () => {
    const shell = new FakeShell(approval({ delay: '10m' }), { runId: 'w' }, 0);
    await shell.send({ type: 'start' });
    await shell.answer('w:draft:1', { output: 'text' });
    expect(shell.timers.get('wait:approval:1')).toBe(600_000);
    shell.now = 600_000;
    await shell.send({ type: 'timer-fired', timerId: 'wait:approval:1' });
    expect(shell.run.steps[1]).toMatchObject({
      status: 'completed',
      output: { firedAt: 600_000, scheduledFor: 600_000 },
    });
  });

  it('wait until a date computed from the payload', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'later',
      steps: [{ name: 'sleep', wait: { until: '${trigger.payload.at}' } }],
    });
    const shell = new FakeShell(workflow, { runId: 'w', payload: { at: '2030-01-01T00:00:00Z' } }, 0);
    await shell.send({ type: 'start' });
    expect(shell.timers.get('wait:sleep:1')).toBe(Date.parse('2030-01-01T00:00:00Z'));
    const bad = new FakeShell(workflow, { runId: 'w', payload: { at: 'soon' } }, 0);
    expect(await bad.execute(() => 'hang')).toMatchObject({
      error: { code: 'invalid_input', message: 'step "sleep": wait.until gave "soon", not a date' },
    });
  });
});

describe('pause, resume, cancel', () => {
  it('start nothing while paused, but record outcomes; resume starts what is ready', async () => {
    const shell = new FakeShell(approval({ signal: 'approved' }), { runId: 'w' });
    await shell.send({ type: 'start' });
    await shell.send({ type: 'pause' });
    expect(shell.run.status).toBe('paused');
    await shell.answer('w:draft:1', { output: 'text' });
    expect(shell.run.steps.map((step) => step.status)).toEqual(['completed', 'pending', 'pending']);
    expect(await shell.send({ type: 'pause' })).toBe('the run is paused, not running');
    await shell.send({ type: 'resume' });
    expect(shell.run.steps[1]).toMatchObject({ status: 'waiting', waitingFor: 'signal' });
  });

  it('a retry that comes due while paused waits for the resume', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'p',
      steps: [{ name: 'a', tool: 'x', retry: { maximumAttempts: 2, initialInterval: 5 } }],
    });
    const shell = new FakeShell(workflow, { runId: 'p' });
    await shell.send({ type: 'start' });
    await shell.answer('p:a:1', { error: { code: 'busy', message: 'busy' } });
    await shell.send({ type: 'pause' });
    await shell.send({ type: 'timer-fired', timerId: 'retry:a:1' });
    expect(shell.run.steps[0]?.status).toBe('ready');
    expect(shell.started).toHaveLength(1);
    await shell.send({ type: 'resume' });
    expect(shell.started.map((command) => command.idempotencyKey)).toEqual(['p:a:1', 'p:a:2']);
  });

  it('cancel calls off what is under way and clears every timer', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'c',
      steps: [
        { name: 'a', tool: 'x', timeout: '1m' },
        { name: 'b', wait: { delay: '1h' } },
      ],
    });
    const shell = new FakeShell(workflow, { runId: 'c' });
    await shell.send({ type: 'start' });
    await shell.send({ type: 'cancel', reason: 'user asked' });
    expect(shell.result).toMatchObject({
      status: 'cancelled',
      error: { code: 'cancelled', message: 'user asked' },
    });
    expect(shell.cancelled.map((command) => command.idempotencyKey)).toEqual(['c:a:1']);
    expect(shell.timers.size).toBe(0);
    expect(shell.run.steps.map((step) => step.status)).toEqual(['cancelled', 'cancelled']);
    expect(await shell.send({ type: 'resume' })).toBe('the run has ended (cancelled)');
  });
});
