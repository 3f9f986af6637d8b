// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * The transition's passes (run/transition.ts): synchronous when no JSONata expression is
 * evaluated; otherwise the pass is made again for each JSONata value it needs, in order, and
 * the result is the one a single evaluation in place would give — failures included.
 */
import { describe, expect, it } from 'vitest';
import { initialRun, parseWorkflowDefinition, type WorkflowRun } from '../../../../actors/workflows/index.js';
import { transition, transitionSoon } from '../../../../actors/workflows/run/transition.js';

const workflow = parseWorkflowDefinition({
  name: 'passes',
  steps: [
    { name: 'a', tool: 'count', input: { n: '${trigger.payload.n}' } },
    {
      name: 'b',
      tool: 'use',
      when: '${steps.a.output.n > 1}',
      input: {
        tenfold: '${steps.a.output.n * 10}',
        text: 'n is ${$string(steps.a.output.n)}',
        plain: '${steps.a.output.n}',
      },
    },
    { name: 'c', tool: 'use', depends_on: ['a'], input: { broken: '${$number(steps.a.output.word)}' } },
  ],
});

function started(): WorkflowRun {
  const run = initialRun(workflow, { runId: 'p', payload: { n: 2 } }, 1);
  const result = transitionSoon(workflow, run, { type: 'start' }, 2);
  if (result instanceof Promise) throw new Error('the start needs no JSONata value');
  return result.run;
}

describe('a transition', () => {
  it('is answered at once, without a promise, when it evaluates literals and plain paths only', () => {
    const result = transitionSoon(
      workflow,
      initialRun(workflow, { runId: 'p', payload: { n: 2 } }, 1),
      { type: 'start' },
      2,
    );
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toMatchObject({
      commands: expect.arrayContaining([
        expect.objectContaining({ type: 'start-step', step: 'a', input: { n: 2 } }),
      ]),
    });
  });

  it('takes each JSONata value it needs in turn, and answers as one evaluation in place would', async () => {
    const soon = transitionSoon(
      workflow,
      started(),
      { type: 'step-succeeded', step: 'a', attempt: 1, output: { n: 2, word: 'two' } },
      3,
    );
    expect(soon).toBeInstanceOf(Promise);
    const result = await soon;
    const starts = result.commands.filter((command) => command.type === 'start-step');
    // b: its `when` (JSONata), then two JSONata inputs and a plain path; c: a JSONata input that fails.
    expect(starts).toEqual([
      expect.objectContaining({ step: 'b', input: { tenfold: 20, text: 'n is 2', plain: 2 } }),
    ]);
    const c = result.run.steps.find((step) => step.name === 'c');
    expect(c?.status).toBe('failed');
    expect(c?.error).toMatchObject({ code: 'invalid_input' });
    expect(c?.error?.message).toMatch(/\$number/);
    // The async form gives the same.
    const again = await transition(
      workflow,
      started(),
      { type: 'step-succeeded', step: 'a', attempt: 1, output: { n: 2, word: 'two' } },
      3,
    );
    expect(again.commands).toEqual(result.commands);
    expect(again.run).toEqual(result.run);
  });

  it('skips a step whose JSONata condition is false, and never changes the run it was given', async () => {
    const run = started();
    const before = structuredClone(run);
    const result = await transition(
      workflow,
      run,
      { type: 'step-succeeded', step: 'a', attempt: 1, output: { n: 1, word: 'one' } },
      3,
    );
    expect(result.run.steps.find((step) => step.name === 'b')).toMatchObject({
      status: 'skipped',
      skipReason: 'when',
    });
    expect(run).toEqual(before);
  });
});

describe('a step outcome', () => {
  const success = { type: 'step-succeeded', step: 'a', attempt: 1, output: { n: 2 } } as const;
  it('is taken when it fits the event schema, and refused naming the field when it does not', async () => {
    expect((await transition(workflow, started(), success, 3)).ignored).toBeUndefined();
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ ...success, extra: 1 }, /event/],
      [{ ...success, step: '' }, /event\.step/],
      [{ ...success, step: 'x'.repeat(129) }, /event\.step/],
      [{ ...success, attempt: 0 }, /event\.attempt/],
      [{ ...success, attempt: 1.5 }, /event\.attempt/],
      [{ ...success, attempt: '1' }, /event\.attempt/],
      [{ ...success, child: -1 }, /event\.child/],
      [{ ...success, usage: { tokens: -1 } }, /event\.usage\.tokens/],
    ];
    for (const [event, field] of refusals)
      await expect(transition(workflow, started(), event as never, 3)).rejects.toThrow(field);
    // A well-formed child index still meets the run's own rules (`a` is no fan-out); a usage report is taken.
    await expect(transition(workflow, started(), { ...success, child: 0 }, 3)).rejects.toThrow(
      /event\.child is only for fan-out steps/,
    );
    expect(
      (await transition(workflow, started(), { ...success, usage: { tokens: 5 } }, 3)).ignored,
    ).toBeUndefined();
  });
});
