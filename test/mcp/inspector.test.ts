/**
 * The official MCP Inspector CLI (0.15, the line that runs on Node 20) against
 * `troupe serve`: `tools/list` shows the tool contract, and a `tools/call` registers an
 * agent and answers with structured content.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { CLI, freshDataDir, removeDataDirs } from './serve-client.js';

const require = createRequire(import.meta.url);
const INSPECTOR = join(
  dirname(require.resolve('@modelcontextprotocol/inspector/package.json')),
  (require('@modelcontextprotocol/inspector/package.json') as { bin: Record<string, string> }).bin[
    'mcp-inspector'
  ] as string,
);
const run = promisify(execFile);
afterEach(removeDataDirs);

async function inspect(dataDir: string, ...args: string[]): Promise<Record<string, unknown>> {
  const serve = [process.execPath, CLI, 'serve', '--data-dir', dataDir, '--threads', '2'];
  const { stdout } = await run(process.execPath, [INSPECTOR, '--cli', ...serve, ...args], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

it('lists the tools and calls one through the MCP Inspector CLI', async () => {
  const dataDir = freshDataDir('inspector');
  const listed = (await inspect(dataDir, '--method', 'tools/list')).tools as {
    name: string;
    outputSchema?: unknown;
  }[];
  const names = listed.map((t) => t.name);
  for (const name of ['health', 'register_agent', 'send_message', 'create_task', 'acquire_file_lock']) {
    expect(names).toContain(name);
  }
  expect(listed.every((t) => t.outputSchema !== undefined)).toBe(true);

  const called = await inspect(
    dataDir,
    '--method',
    'tools/call',
    '--tool-name',
    'register_agent',
    '--tool-arg',
    'id=ada',
    'name=Ada',
    'role=worker',
    'model_type=llm',
    'model_version=1',
    'capabilities=["ts"]',
  );
  expect(called.isError).toBeFalsy();
  expect(called.structuredContent).toMatchObject({ agent: { id: 'ada', capabilities: ['ts'] } });
  const bad = await inspect(
    dataDir,
    '--method',
    'tools/call',
    '--tool-name',
    'register_agent',
    '--tool-arg',
    'name=x',
  );
  expect(bad.isError).toBe(true);
});
