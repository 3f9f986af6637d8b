/**
 * `troupe serve` driven by the real MCP SDK client over stdio: the tools are listed with
 * their schemas and annotations, `health` answers with structured content, stdout carries
 * only MCP (logs go to stderr), and closing the client ends the server process; a bad
 * command-line option is refused with its name and exit code 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';
import { CLI, freshDataDir, removeDataDirs } from '../mcp/serve-client.js';

afterEach(removeDataDirs);

it('serves health over stdio to an SDK client', async () => {
  const dataDir = freshDataDir('serve');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', dataDir, '--threads', '2'],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'troupe-test', version: '0.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const health = tools.find((tool) => tool.name === 'health');
  expect(health?.annotations).toMatchObject({
    readOnlyHint: true,
    idempotentHint: true,
    destructiveHint: false,
  });
  expect(health?.outputSchema).toBeDefined();
  const result = await client.callTool({ name: 'health', arguments: {} });
  expect(result.isError).toBeFalsy();
  const report = result.structuredContent as { status: string; checks: { name: string; status: string }[] };
  expect(report.status).toBe('healthy');
  expect(report.checks.map((c) => c.name)).toEqual([
    'threads',
    'mailboxes',
    'store',
    'suspended',
    'supervisors',
    'incidents',
  ]);
  expect(JSON.parse((result.content as { type: string; text: string }[])[0]?.text ?? '{}').status).toBe(
    'healthy',
  );
  await client.close();
  // Logs went to stderr as structured lines; closing stdin ended the server cleanly.
  expect(stderr).toMatch(/"msg":"troupe serve: ready on stdio"/);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(stderr).toMatch(/"msg":"troupe serve: stopped"/);
});

it('survives a malformed JSON-RPC line and keeps answering', async () => {
  const child = spawn(process.execPath, [CLI, 'serve', '--durability', 'memory', '--threads', '1'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stdin.write('this is not json\n');
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`,
  );
  // A start-up on two busy cores may take seconds: wait for the answer, within the test's budget.
  const deadline = Date.now() + 60_000;
  while (!stdout.includes('"id":1') && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  // Every stdout line is a JSON-RPC message: nothing else is ever written there.
  for (const line of stdout.trim().split('\n')) expect(JSON.parse(line).jsonrpc).toBe('2.0');
  expect(stdout).toContain('"protocolVersion":"2025-11-25"');
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.end();
  expect(await exited).toBe(0);
});

it('refuses a bad command-line option with a message naming it and exit code 2', () => {
  for (const [args, named] of [
    [['--durability', 'sometimes'], '--durability'],
    [['--threads', 'many'], '--threads'],
    [['--no-such-option'], '--no-such-option'],
  ] as const) {
    const run = spawnSync(process.execPath, [CLI, 'serve', ...args], { encoding: 'utf8', input: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(named);
    expect(run.stdout).toBe('');
  }
});
