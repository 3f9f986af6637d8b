/** `closest`: the name a misspelt one most likely meant, or none when nothing is near. */
import { describe, expect, it } from 'vitest';
import { closest } from '../../../actors/validation/closest-name.js';

describe('closest', () => {
  it('finds a name a few edits away, ignoring the case of the key', () => {
    expect(closest('retyr', ['retry', 'timeout', 'when'])).toBe('retry');
    expect(closest('MaxTokes', ['maxCost', 'maxMs', 'maxTokens'])).toBe('maxTokens');
  });

  it('finds a name inside the key, or the key inside a name', () => {
    expect(closest('agent', ['agent_id', 'session_id'])).toBe('agent_id');
    expect(closest('the_path_here', ['path', 'content'])).toBe('path');
  });

  it('answers null when no name is near, and for no names at all', () => {
    expect(closest('qqq', ['branches', 'concurrency'])).toBeNull();
    expect(closest('anything', [])).toBeNull();
    expect(closest('x'.repeat(10_000), ['path'])).toBeNull();
  });
});
