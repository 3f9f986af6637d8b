// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * The remaining step rules and the transition's own checks: a sub-workflow step asks the
 * shell to run a child workflow under the attempt's key; a step whose `when` is false is
 * skipped and its dependents still run; events and runs that do not fit are refused with
 * the field named.
 */
import { describe, expect, it } from 'vitest';
import {
  initialRun,
  parseWorkflowDefinition,
  transition,
  type WorkflowEvent,
} from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';

describe('sub-workflow steps', () => {
  it('ask for a child run with the resolved input, and complete with its result', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'parent',
      steps: [
        {
          name: 'child',
          workflow: { name: 'bilingual-coach', version: '1.0.0' },
          input: { payload: { lang: '${trigger.payload.lang}' } },
        },
      ],
    });
    const shell = new FakeShell(workflow, { runId: 'p', payload: { lang: 'es' } });
    await shell.send({ type: 'start' });
    expect(shell.started[0]).toMatchObject({
      idempotencyKey: 'p:child:1',
      work: { kind: 'workflow', workflow: 'bilingual-coach', version: '1.0.0' },
      input: { payload: { lang: 'es' } },
    });
    await shell.answer('p:child:1', { output: { status: 'completed' } });
    expect(shell.result).toMatchObject({ status: 'completed', steps: [{ output: { status: 'completed' } }] });
  });
});

describe('when', () => {
  it('skips a step whose condition is false; its dependents still run and see why', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'w',
      steps: [
        { name: 'check', tool: 'check' },
        { name: 'fix', tool: 'fix', when: 'steps.check.output.broken', depends_on: ['check'] },
        {
          name: 'report',
          tool: 'report',
          depends_on: ['fix'],
          input: { fixed: "${steps.fix.status = 'completed'}" },
        },
      ],
    });
    const shell = new FakeShell(workflow, { runId: 'w' });
    await shell.execute(() => ({ output: { broken: false } }));
    expect(shell.result?.steps.map((step) => [step.name, step.status, step.skipReason])).toEqual([
      ['check', 'completed', undefined],
      ['fix', 'skipped', 'when'],
      ['report', 'completed', undefined],
    ]);
    expect(shell.started.at(-1)?.input).toEqual({ fixed: false });
  });
});

describe('transition checks', () => {
  const workflow = parseWorkflowDefinition({ name: 'c', version: 2, steps: [{ name: 'a', tool: 'x' }] });

  it('refuses an event that does not fit, naming the field', async () => {
    const run = initialRun(workflow, { runId: 'c' }, 0);
    const bad = { type: 'step-succeeded', step: 'a', attempt: 0, output: 1 } as WorkflowEvent;
    await expect(transition(workflow, run, bad, 0)).rejects.toThrow(/^event\.attempt /);
    await expect(
      transition(workflow, run, { type: 'launch' } as unknown as WorkflowEvent, 0),
    ).rejects.toThrow(/^event\.type /);
  });

  it('refuses a run of another workflow or version', async () => {
    const other = parseWorkflowDefinition({ name: 'c', version: 3, steps: [{ name: 'a', tool: 'x' }] });
    const run = initialRun(workflow, { runId: 'c' }, 0);
    await expect(transition(other, run, { type: 'start' }, 0)).rejects.toThrow(
      'run is a run of "c" version 2, not of "c" version 3',
    );
  });

  it('refuses a run id that could not prefix idempotency keys', () => {
    expect(() => initialRun(workflow, { runId: 'a b' }, 0)).toThrow(
      'options.runId must be 1 to 128 letters, digits, "_", "-" or "."',
    );
  });

  it('gives the same run object back for an ignored event', async () => {
    const run = initialRun(workflow, { runId: 'c' }, 0);
    const result = await transition(workflow, run, { type: 'resume' }, 0);
    expect(result).toEqual({ run, commands: [], ignored: 'the run is pending, not paused' });
    expect(result.run).toBe(run);
  });
});
