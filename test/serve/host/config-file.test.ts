/**
 * The config file `troupe serve` reads once and splits: a file with only `alerts` gives rules
 * and no gateway; a file with servers and alerts gives both; a file with neither keeps the
 * gateway (as before alerts); a bad `alerts` section is refused naming its path, and so is a
 * file that is not an object.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { GatewayConfigError } from '../../../actors/gateway/errors.js';
import { AlertConfigError } from '../../../src/mcp/alerts/alert-config.js';
import { loadConfigFile } from '../../../src/serve/host/config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'troupe-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const ALERT = { name: 'errors', expr: 'error_rate > 5', for_s: 300, severity: 'high' };

it('hands a file with only alerts its rules, and starts no gateway', async () => {
  const loaded = await loadConfigFile(write('alerts-only.json', { alerts: [ALERT] }));
  expect(loaded.gateway).toBeUndefined();
  expect(loaded.alerts?.rules.map((rule) => [rule.name, rule.op, rule.threshold, rule.forS])).toEqual([
    ['errors', '>', 5, 300],
  ]);
});

it('hands each part its section when the file has both, and keeps the gateway for a file with neither', async () => {
  const both = await loadConfigFile(
    write(
      'both.yaml',
      'mcpServers:\n  echo:\n    command: node\nalerts:\n  - name: errors\n    expr: error_rate > 5\n',
    ),
  );
  expect([...(both.gateway?.config.servers.keys() ?? [])]).toEqual(['echo']);
  expect(both.alerts?.rules).toHaveLength(1);
  const neither = await loadConfigFile(write('neither.json', {}));
  expect(neither.gateway?.config.servers.size).toBe(0);
  expect(neither.alerts).toBeUndefined();
});

it('refuses a bad alerts section naming the path, and a file that is not an object', async () => {
  const bad = loadConfigFile(write('bad.json', { alerts: [{ ...ALERT, expr: 'errors are high' }] }));
  await expect(bad).rejects.toBeInstanceOf(AlertConfigError);
  await expect(bad).rejects.toMatchObject({ field: 'alerts[0].expr' });
  await expect(loadConfigFile(write('list.json', [ALERT]))).rejects.toBeInstanceOf(GatewayConfigError);
});
