/**
 * The thread tools' declaration and a thread's registry (shell/thread-tools.ts): bad
 * declarations are refused naming the field; the registry routes a tool name to the thread's
 * runner only while that runner is the registered one and carries that tool.
 */
import { describe, expect, it } from 'vitest';
import {
  defineThreadTools,
  localToolRunner,
  registerToolRunner,
  threadToolFunctions,
  unregisterToolRunner,
} from '../../../../actors/workflows/shell/thread-tools.js';
import type { ToolRunnerMsg } from '../../../../actors/workflows/shell/tool-runner-messages.js';
import { ActorRef, InvalidArgumentError } from '../../../../src/kernel/index.js';

const noop = () => ({ output: null });

function refused(make: () => unknown): InvalidArgumentError {
  try {
    make();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('was not refused');
}

describe('defineThreadTools', () => {
  it('refuses a declaration it could not load, naming the field', () => {
    const module = import.meta.url;
    expect(
      refused(() => defineThreadTools({ module: 'https://x/y.js', name: 'a', tools: {} })).message,
    ).toMatch(/module/);
    expect(refused(() => defineThreadTools({ module, name: '__proto__ x', tools: {} })).message).toMatch(
      /name/,
    );
    expect(refused(() => defineThreadTools({ module, name: 'a'.repeat(300), tools: {} })).message).toMatch(
      /name/,
    );
    const notFunction = { go: 'nope' } as unknown as Record<string, typeof noop>;
    expect(refused(() => defineThreadTools({ module, name: 'a', tools: notFunction })).message).toMatch(
      /tools\.go/,
    );
  });

  it('keeps tools named like Object.prototype members as plain tools', () => {
    const tools = defineThreadTools({
      module: import.meta.url,
      name: 'odd',
      tools: { constructor: noop, toString: noop },
    });
    expect([...threadToolFunctions([tools]).keys()].sort()).toEqual(['constructor', 'toString']);
  });

  it('refuses a tool two modules both give', () => {
    const a = defineThreadTools({ module: import.meta.url, name: 'a', tools: { same: noop } });
    const b = defineThreadTools({ module: import.meta.url, name: 'b', tools: { same: noop } });
    expect(refused(() => threadToolFunctions([a, b])).message).toMatch(/threadTools\[1\]\.tools\.same/);
    expect(refused(() => threadToolFunctions([{} as typeof a])).message).toMatch(/threadTools\[0\]/);
  });
});

describe('a thread’s runner registry', () => {
  it('routes the runner’s tools to it while it is registered', () => {
    const first = new ActorRef<ToolRunnerMsg>('runner-1', 0, null);
    const second = new ActorRef<ToolRunnerMsg>('runner-2', 0, null);
    expect(localToolRunner('inc')).toBeUndefined();
    registerToolRunner({ ref: first, names: new Set(['inc']) });
    expect(localToolRunner('inc')).toBe(first);
    expect(localToolRunner('other')).toBeUndefined();
    expect(localToolRunner()).toBe(first);
    // A newer runner replaces it; the older one stopping later does not unregister the newer.
    registerToolRunner({ ref: second, names: new Set(['inc']) });
    unregisterToolRunner(first);
    expect(localToolRunner('inc')).toBe(second);
    unregisterToolRunner(second);
    expect(localToolRunner('inc')).toBeUndefined();
  });
});
