/**
 * `createFunctionTools`: registered functions by name; a name not registered goes to the
 * fallback tools when there are some, else fails with `unknown_tool`; a fallback that is
 * not tools is refused naming the argument.
 */
import { describe, expect, it } from 'vitest';
import { createFunctionTools, type StepTools } from '../../../../actors/workflows/index.js';
import { InvalidArgumentError } from '../../../../src/kernel/index.js';

const options = {
  idempotencyKey: 'k1',
  signal: new AbortController().signal,
  config: {},
  runId: 'r1',
  step: 's1',
  attempt: 1,
};

describe('createFunctionTools', () => {
  it('calls a registered function and hands other names to the fallback, with the same options', async () => {
    const seen: [string, unknown, string][] = [];
    const fallback: StepTools = {
      call: async (name, args, given) => {
        seen.push([name, args, given.idempotencyKey]);
        return { output: `fallback ${name}` };
      },
    };
    const tools = createFunctionTools(
      { inc: (args) => ({ output: (args as { n: number }).n + 1 }) },
      fallback,
    );
    expect(await tools.call('inc', { n: 1 }, options)).toEqual({ output: 2 });
    expect(await tools.call('everything__echo', { message: 'hi' }, options)).toEqual({
      output: 'fallback everything__echo',
    });
    expect(seen).toEqual([['everything__echo', { message: 'hi' }, 'k1']]);
  });

  it('fails a name nobody has with unknown_tool, not retryable', async () => {
    const tools = createFunctionTools({ inc: () => ({ output: 1 }) });
    await expect(tools.call('constructor', {}, options)).rejects.toMatchObject({
      code: 'unknown_tool',
      retryable: false,
    });
    await expect(tools.call('__proto__', {}, options)).rejects.toMatchObject({ code: 'unknown_tool' });
  });

  it('refuses a fallback that is not tools, naming it', () => {
    expect(() => createFunctionTools({}, {} as StepTools)).toThrow(InvalidArgumentError);
    expect(() => createFunctionTools({}, {} as StepTools)).toThrow(/fallback/);
  });
});
