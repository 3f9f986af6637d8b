/**
 * Reloading the config: the diff says which servers were added, removed or changed (and
 * whether a change needs a restart), and the watcher yields every settled change of the
 * file — saved in place or by an atomic rename — reports an invalid file without dropping
 * the running config, and skips saves that change nothing.
 */
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../actors/gateway/config/config-diff.js';
import { type ConfigWatchEvent, watchGatewayConfig } from '../../../actors/gateway/config/config-watcher.js';
import { parseGatewayConfig } from '../../../actors/gateway/config/gateway-config-schema.js';
import { loadGatewayConfig } from '../../../actors/gateway/config/load-config.js';

const base = {
  mcpServers: {
    memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] },
    fetch: { command: 'uvx', args: ['mcp-server-fetch'], timeout_ms: 5_000 },
    files: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'] },
  },
};

describe('diffConfigs', () => {
  it('says what was added, removed and changed, and which changes need a restart', () => {
    const next = {
      mcpServers: {
        memory: base.mcpServers.memory,
        fetch: { ...base.mcpServers.fetch, timeout_ms: 9_000 },
        files: { ...base.mcpServers.files, args: ['-y', '@modelcontextprotocol/server-filesystem', '/srv'] },
        everything: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] },
      },
    };
    expect(diffConfigs(parseGatewayConfig(base), parseGatewayConfig(next))).toEqual({
      added: ['everything'],
      removed: [],
      changed: [
        { name: 'fetch', fields: ['timeoutMs'], restart: false },
        { name: 'files', fields: ['transport'], restart: true },
      ],
      unchanged: ['memory'],
    });
    const removed = diffConfigs(parseGatewayConfig(next), parseGatewayConfig(base));
    expect(removed.removed).toEqual(['everything']);
  });

  it('sees nothing in a reordered file, a default written out, or servers moved to the other section', () => {
    const rewritten = {
      servers: { files: base.mcpServers.files },
      mcpServers: {
        fetch: {
          args: ['mcp-server-fetch'],
          timeout_ms: 5_000,
          command: 'uvx',
          restart: { max_restarts: 5 },
        },
        memory: base.mcpServers.memory,
      },
    };
    const diff = diffConfigs(parseGatewayConfig(base), parseGatewayConfig(rewritten));
    expect(diff).toEqual({ added: [], removed: [], changed: [], unchanged: ['fetch', 'files', 'memory'] });
  });
});

describe('watchGatewayConfig', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'troupe-gateway-watch-'));
    file = join(dir, 'troupe.config.json');
    await writeFile(file, JSON.stringify(base));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('yields each settled change, saved in place or by rename, and reports invalid files without dropping the running config', async () => {
    const current = await loadGatewayConfig(file);
    const watcher = watchGatewayConfig(file, { current, debounceMs: 50 });
    const events = watcher[Symbol.asyncIterator]();
    const next = async (): Promise<ConfigWatchEvent> => {
      const result = await events.next();
      if (result.done) throw new Error('the watcher ended');
      return result.value;
    };
    try {
      // Saved in place, in two quick writes: one event for the settled content.
      const withTimeout = {
        mcpServers: { ...base.mcpServers, memory: { ...base.mcpServers.memory, timeout_ms: 1_000 } },
      };
      await writeFile(file, '{');
      await writeFile(file, JSON.stringify(withTimeout));
      const first = await next();
      expect(first.kind === 'changed' && first.diff.changed).toEqual([
        { name: 'memory', fields: ['timeoutMs'], restart: false },
      ]);

      // Saved by writing a temporary file and renaming it over the old one.
      const temporary = join(dir, '.troupe.config.json.tmp');
      const { fetch: _removed, ...withoutFetch } = withTimeout.mcpServers;
      await writeFile(temporary, JSON.stringify({ mcpServers: withoutFetch }));
      await rename(temporary, file);
      const second = await next();
      expect(second.kind === 'changed' && second.diff.removed).toEqual(['fetch']);

      // Invalid: reported, and the running config stays what it was.
      await writeFile(file, JSON.stringify({ mcpServers: { memory: { command: 'npx', args: [1] } } }));
      const third = await next();
      expect(third.kind === 'invalid' && third.error.issues).toEqual([
        { path: 'mcpServers.memory.args[0]', message: 'must be a string' },
      ]);
      expect([...watcher.current.servers.keys()].sort()).toEqual(['files', 'memory']);

      // Fixed again: the diff is taken from the last valid config, and a save that changes nothing is skipped.
      await writeFile(
        file,
        JSON.stringify({ mcpServers: { ...withoutFetch, everything: { command: 'npx' } } }),
      );
      const fourth = await next();
      expect(fourth.kind === 'changed' && fourth.diff).toMatchObject({
        added: ['everything'],
        removed: [],
        changed: [],
      });
      await writeFile(
        file,
        JSON.stringify({ mcpServers: { everything: { command: 'npx' }, ...withoutFetch } }, null, 2),
      );
      await writeFile(
        file,
        JSON.stringify({ mcpServers: { ...withoutFetch, everything: { command: 'npx' } } }, null, 2),
      );
      const settled = await Promise.race([
        next(),
        new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), 400)),
      ]);
      expect(settled).toBe('quiet');
    } finally {
      watcher.close();
    }
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
