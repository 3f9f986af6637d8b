/**
 * Exposed tool names: `<server>__<tool>` when it is safe and fits, characters mapped when
 * not, and a stable shortening (cut + 8 hex digits of a hash of server and tool) when too
 * long or clashing — always within `^[a-zA-Z0-9_-]{1,64}$`, and always reversible.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isServerName, TOOL_NAME_PATTERN, ToolNameTable } from '../../../actors/gateway/naming.js';

describe('exposed tool names', () => {
  it('keeps <server>__<tool> when it is safe and fits, and maps unsafe characters to _', () => {
    const table = new ToolNameTable([
      { server: 'memory', tool: 'read_graph' },
      { server: 'voice', tool: 'stt.transcribe' },
      { server: 'fs', tool: 'read file/now' },
    ]);
    expect(table.exposedName('memory', 'read_graph')).toBe('memory__read_graph');
    expect(table.exposedName('voice', 'stt.transcribe')).toBe('voice__stt_transcribe');
    expect(table.exposedName('fs', 'read file/now')).toBe('fs__read_file_now');
    expect(table.resolve('voice__stt_transcribe')).toEqual({ server: 'voice', tool: 'stt.transcribe' });
    expect(table.resolve('voice__stt.transcribe')).toBeUndefined();
  });

  it('shortens long and clashing names stably, within 64 characters', () => {
    const long = `very_${'long_'.repeat(20)}tool`;
    const tools = [
      { server: 'srv', tool: long },
      { server: 'srv', tool: 'a.b' },
      { server: 'srv', tool: 'a_b' },
      { server: 'srv', tool: 'a-b' },
      { server: 'srv', tool: 'a/b' },
    ];
    const table = new ToolNameTable(tools);
    const names = tools.map(({ server, tool }) => table.exposedName(server, tool) ?? '');
    for (const name of names) expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(names).size).toBe(tools.length);
    expect(names[0]).toMatch(/^srv__very_long_long_.*_[0-9a-f]{8}$/);
    expect(names[0]).toHaveLength(64);
    // A safe name that fits never changes: `a.b` and `a/b` map onto the taken `srv__a_b`, so they get the hash.
    const suffix = (tool: string) => createHash('sha256').update(`srv\0${tool}`).digest('hex').slice(0, 8);
    expect(names.slice(1)).toEqual([
      `srv__a_b_${suffix('a.b')}`,
      'srv__a_b',
      'srv__a-b',
      `srv__a_b_${suffix('a/b')}`,
    ]);
    for (const [name, entry] of table.entries())
      expect(table.exposedName(entry.server, entry.tool)).toBe(name);

    // The same whatever the order the tools come in, and a shortened name does not depend on the others.
    const reversed = new ToolNameTable([...tools].reverse());
    expect(tools.map(({ server, tool }) => reversed.exposedName(server, tool))).toEqual(names);
    expect(new ToolNameTable([tools[0] ?? { server: 'srv', tool: long }]).exposedName('srv', long)).toBe(
      names[0],
    );
  });

  it('accepts only server names that keep the first __ unambiguous', () => {
    expect(['memory', 'server-everything', 'local_llama', 'a1'].every(isServerName)).toBe(true);
    expect(['my server', 'a__b', '_a', 'a_', 'x.y', '', 'n'.repeat(33)].some(isServerName)).toBe(false);
    expect(() => new ToolNameTable([{ server: 'a__b', tool: 'x' }])).toThrow(
      /server "a__b" is not a valid server name/,
    );
  });
});
