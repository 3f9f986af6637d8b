// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Fan-out steps: a map runs its item step once per item with at most `concurrency` under
 * way (a child waiting for a retry keeps its slot), a parallel step runs its branches; the
 * output is the children's outputs (a list, or an object by branch name); a child that
 * fails for good fails its step and calls off its siblings.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition } from '../../../actors/workflows/index.js';
import { FakeShell } from './fake-shell.js';

const mapWorkflow = (map: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parseWorkflowDefinition({
    name: 'fan',
    trigger: { manual: true, payload: { words: 'array' } },
    steps: [
      { name: 'each', map: { over: '${trigger.payload.words}', ...map }, ...extra },
      { name: 'after', tool: 'join', input: { all: '${steps.each.output}' } },
    ],
  });

const item = { tool: 'translate', input: { word: '${item}', position: '${index}' } };

describe('map', () => {
  it('keeps at most `concurrency` items under way and gathers outputs in item order', async () => {
    const shell = new FakeShell(mapWorkflow({ concurrency: 2, step: item }), {
      runId: 'm',
      payload: { words: ['a', 'b', 'c', 'd', 'e'] },
    });
    await shell.send({ type: 'start' });
    expect([...shell.pending.keys()]).toEqual(['m:each[0]:1', 'm:each[1]:1']);
    expect(shell.started[1]).toMatchObject({ step: 'each', child: 1, input: { word: 'b', position: 1 } });
    await shell.answer('m:each[1]:1', { output: 'B' });
    expect([...shell.pending.keys()]).toEqual(['m:each[0]:1', 'm:each[2]:1']);
    await shell.drive((command) => ({
      output: String((command.input as { word?: string }).word ?? '').toUpperCase(),
    }));
    expect(shell.result?.status).toBe('completed');
    expect(shell.run.steps[0]?.output).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(shell.started.at(-1)).toMatchObject({ step: 'after', input: { all: ['A', 'B', 'C', 'D', 'E'] } });
    expect(shell.result?.steps[0]?.children?.map((child) => child.status)).toEqual(
      Array(5).fill('completed'),
    );
  });

  it('completes at once over an empty list', async () => {
    const shell = new FakeShell(mapWorkflow({ step: item }), { runId: 'm', payload: { words: [] } });
    await shell.send({ type: 'start' });
    expect(shell.run.steps[0]).toMatchObject({ status: 'completed', output: [] });
    expect(shell.started.map((command) => command.step)).toEqual(['after']);
  });

  it('fails with invalid_input when `over` gives no list', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'fan',
      steps: [{ name: 'each', map: { over: '${context.nothing}', step: item } }],
    });
    const shell = new FakeShell(workflow, { runId: 'm' });
    const result = await shell.execute(() => ({ output: 1 }));
    expect(result?.error).toMatchObject({
      code: 'invalid_input',
      step: 'each',
      message: 'step "each": map.over must give a list, it gave nothing',
    });
  });

  it('a child that fails for good fails the step and cancels the siblings under way', async () => {
    const shell = new FakeShell(mapWorkflow({ concurrency: 3, step: item }), {
      runId: 'm',
      payload: { words: ['a', 'b', 'c', 'd'] },
    });
    await shell.send({ type: 'start' });
    await shell.answer('m:each[1]:1', { error: { code: 'untranslatable', message: 'no word for b' } });
    expect(shell.result?.error).toMatchObject({
      code: 'untranslatable',
      step: 'each',
      message: 'each[1] failed: no word for b',
    });
    expect(shell.cancelled.map((command) => command.idempotencyKey)).toEqual(['m:each[0]:1', 'm:each[2]:1']);
    expect(shell.result?.steps[0]?.children?.map((child) => child.status)).toEqual([
      'cancelled',
      'failed',
      'cancelled',
      'skipped',
    ]);
  });

  it('a child waiting for its retry keeps its slot', async () => {
    const shell = new FakeShell(
      mapWorkflow({
        concurrency: 1,
        step: { ...item, retry: { maximumAttempts: 2, initialInterval: '1s' } },
      }),
      { runId: 'm', payload: { words: ['a', 'b'] } },
    );
    await shell.send({ type: 'start' });
    await shell.answer('m:each[0]:1', { error: { code: 'busy', message: 'busy' } });
    expect(shell.pending.size).toBe(0);
    await shell.send({ type: 'timer-fired', timerId: 'retry:each[0]:1' });
    expect([...shell.pending.keys()]).toEqual(['m:each[0]:2']);
  });
});

describe('parallel', () => {
  it('runs its branches together and gathers their outputs by name', async () => {
    const workflow = parseWorkflowDefinition({
      name: 'par',
      steps: [
        {
          name: 'both',
          parallel: [
            { name: 'left', tool: 'l' },
            { name: 'right', assigned_role: 'reviewer' },
          ],
          output: { left: 'string', right: 'string' },
        },
      ],
    });
    const shell = new FakeShell(workflow, { runId: 'p' });
    await shell.send({ type: 'start' });
    expect(shell.started.map((command) => [command.idempotencyKey, command.work.kind])).toEqual([
      ['p:both[0]:1', 'tool'],
      ['p:both[1]:1', 'agent'],
    ]);
    await shell.answer('p:both[1]:1', { output: 'R' });
    await shell.answer('p:both[0]:1', { output: 'L' });
    expect(shell.result).toMatchObject({
      status: 'completed',
      steps: [{ output: { left: 'L', right: 'R' } }],
    });
  });
});
