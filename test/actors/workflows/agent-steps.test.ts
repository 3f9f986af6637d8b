// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Seed 003's workflows: steps assigned to roles or agents become agent tasks, given in
 * `depends_on` order and completed by reports (`report_step_completion` → step-succeeded,
 * `report_step_failure` → step-failed). A failure report fails the run, or takes the step's
 * declared `on_failure` path: continue, go to a step, or compensate.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';

function release(overrides: Record<string, Record<string, unknown>> = {}, extra: { step_id: string }[] = []) {
  const steps = [
    { step_id: 'build', description: 'Build the release', assigned_role: 'engineer', depends_on: [] },
    {
      step_id: 'test',
      description: 'Run the tests',
      assigned_agent_id: 'tester-7',
      depends_on: ['build'],
      tool_to_call: 'run_tests',
      tool_arguments: { suite: 'all' },
    },
    { step_id: 'docs', description: 'Write the notes', assigned_role: 'writer', depends_on: ['build'] },
    { step_id: 'publish', description: 'Publish', assigned_role: 'manager', depends_on: ['test', 'docs'] },
    ...extra,
  ].map((step) => ({ ...step, ...(overrides[step.step_id] ?? {}) }));
  return parseWorkflowDefinition({ id: 'release', name: 'Release', creator_id: 'lead', steps });
}

const tasks = (shell: FakeShell) => [...shell.pending.values()].map((command) => command.step);
const report = (shell: FakeShell, step: string, result: unknown = { ok: true }) =>
  shell.answer(`run-1:${step}:1`, { output: result });
const reportFailure = (shell: FakeShell, step: string, message: string) =>
  shell.answer(`run-1:${step}:1`, { error: { code: 'step_failed', message, retryable: false } });

describe('agent steps (seed 003)', () => {
  it('gives each agent its task in depends_on order, and completes on their reports', async () => {
    const shell = new FakeShell(release(), { runId: 'run-1' });
    await shell.send({ type: 'start' });
    expect(shell.started[0]).toMatchObject({
      step: 'build',
      attempt: 1,
      idempotencyKey: 'run-1:build:1',
      work: { kind: 'agent', role: 'engineer', description: 'Build the release' },
      input: {},
    });
    expect(shell.run.steps[0]).toMatchObject({ status: 'waiting', waitingFor: 'agent' });
    await shell.send({ type: 'step-started', step: 'build', attempt: 1 });
    expect(shell.run.steps[0]?.status).toBe('running');
    await report(shell, 'build', { artifact: 'v1.tgz' });
    expect(tasks(shell)).toEqual(['test', 'docs']);
    expect(shell.started[1]).toMatchObject({
      step: 'test',
      work: { kind: 'agent', agentId: 'tester-7', tool: 'run_tests' },
      input: { suite: 'all' },
    });
    await report(shell, 'docs');
    expect(tasks(shell)).toEqual(['test']);
    await report(shell, 'test');
    expect(tasks(shell)).toEqual(['publish']);
    await report(shell, 'publish', { url: 'https://example.test/v1' });
    expect(shell.result).toMatchObject({ status: 'completed' });
    expect(shell.result?.steps.map((step) => [step.name, step.status])).toEqual([
      ['build', 'completed'],
      ['test', 'completed'],
      ['docs', 'completed'],
      ['publish', 'completed'],
    ]);
    expect(shell.result?.steps[0]?.output).toEqual({ artifact: 'v1.tgz' });
  });

  it('fails the run on a failure report, cancelling the task still out', async () => {
    const shell = new FakeShell(release(), { runId: 'run-1' });
    await shell.send({ type: 'start' });
    await report(shell, 'build');
    await reportFailure(shell, 'test', '3 tests failed');
    expect(shell.result).toMatchObject({
      status: 'failed',
      error: { code: 'step_failed', message: '3 tests failed', step: 'test' },
    });
    expect(shell.cancelled.map((command) => command.idempotencyKey)).toEqual(['run-1:docs:1']);
    expect(shell.result?.steps.map((step) => step.status)).toEqual([
      'completed',
      'failed',
      'cancelled',
      'skipped',
    ]);
    expect(await shell.send({ type: 'step-succeeded', step: 'docs', attempt: 1, output: {} })).toBe(
      'the run has ended (failed)',
    );
  });

  it('ignores a report for an attempt that is not the one in flight', async () => {
    const shell = new FakeShell(release(), { runId: 'run-1' });
    await shell.send({ type: 'start' });
    const ignored = await shell.send({ type: 'step-succeeded', step: 'build', attempt: 2, output: {} });
    expect(ignored).toBe('attempt 2 of "build" is not in flight (it is waiting, attempt 1)');
    expect(await shell.send({ type: 'step-succeeded', step: 'docs', attempt: 1, output: {} })).toBe(
      'attempt 1 of "docs" is not in flight (it is pending, attempt 0)',
    );
    await expect(
      shell.send({ type: 'step-succeeded', step: 'nope', attempt: 1, output: {} }),
    ).rejects.toThrow('event.step names no step of workflow "Release": "nope"');
  });

  it('on_failure: continue lets dependents run and see the failure', async () => {
    const shell = new FakeShell(
      release({
        test: { on_failure: 'continue' },
        publish: { tool_arguments: { tests: '${steps.test.status}' } },
      }),
      { runId: 'run-1' },
    );
    await shell.send({ type: 'start' });
    await report(shell, 'build');
    await reportFailure(shell, 'test', 'flaky');
    await report(shell, 'docs');
    expect(shell.started.at(-1)).toMatchObject({ step: 'publish', input: { tests: 'failed' } });
    await report(shell, 'publish');
    expect(shell.result?.status).toBe('completed');
    expect(shell.result?.steps[1]).toMatchObject({ status: 'failed', error: { message: 'flaky' } });
  });

  it('on_failure: goto starts the named step and skips what depended on the failure', async () => {
    const triage = {
      step_id: 'triage',
      description: 'Look at the failure',
      assigned_role: 'engineer',
      depends_on: ['test'],
      when: "${steps.test.status = 'failed'}",
      tool_arguments: { error: '${steps.test.error.message}' },
    };
    const shell = new FakeShell(release({ test: { on_failure: { goto: 'triage' } } }, [triage]), {
      runId: 'run-1',
    });
    await shell.send({ type: 'start' });
    await report(shell, 'build');
    await reportFailure(shell, 'test', 'segfault');
    expect(shell.started.at(-1)).toMatchObject({ step: 'triage', input: { error: 'segfault' } });
    await report(shell, 'docs');
    await report(shell, 'triage');
    expect(shell.result?.status).toBe('completed');
    expect(shell.result?.steps.map((step) => [step.name, step.status, step.skipReason])).toEqual([
      ['build', 'completed', undefined],
      ['test', 'failed', undefined],
      ['docs', 'completed', undefined],
      ['publish', 'skipped', 'upstream_failed'],
      ['triage', 'completed', undefined],
    ]);
  });

  it('on_failure: compensate undoes the completed steps, newest first, then fails', async () => {
    const undo = (what: string) => ({
      assigned_role: 'engineer',
      description: `undo ${what}`,
      tool_arguments: { undo: `\${steps.${what}.output}` },
    });
    const workflow = release({
      build: { compensate: undo('build') },
      docs: { compensate: undo('docs') },
      test: { on_failure: 'compensate' },
    });
    const shell = new FakeShell(workflow, { runId: 'run-1' });
    await shell.send({ type: 'start' });
    await report(shell, 'build', 'b1');
    await report(shell, 'docs', 'd1');
    shell.now += 10;
    await reportFailure(shell, 'test', 'broken');
    expect(shell.started.at(-1)).toMatchObject({
      step: 'compensate_docs',
      idempotencyKey: 'run-1:compensate_docs:1',
      work: { kind: 'agent', role: 'engineer', description: 'undo docs' },
      input: { undo: 'd1' },
    });
    await report(shell, 'compensate_docs');
    expect(shell.started.at(-1)).toMatchObject({ step: 'compensate_build', input: { undo: 'b1' } });
    await report(shell, 'compensate_build');
    expect(shell.result).toMatchObject({
      status: 'failed',
      error: { code: 'step_failed', message: 'broken', step: 'test', compensated: true },
    });
    expect(shell.result?.steps.map((step) => [step.name, step.status])).toEqual([
      ['build', 'completed'],
      ['test', 'failed'],
      ['docs', 'completed'],
      ['publish', 'skipped'],
      ['compensate_build', 'completed'],
      ['compensate_docs', 'completed'],
    ]);
  });
});
