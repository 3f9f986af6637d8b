/**
 * `troupe serve --mode` (seed 000): `basic` lists only `health`, the registry, messaging
 * and session tools (a task tool is then unknown: -32602); `full`, the default, lists every
 * tool; `debug` adds to every result a `debug` block (the actor that answered, its thread,
 * its mailbox, the call's time) and logs each call at debug level on stderr — never a token.
 * A mode that does not exist is refused like any bad option.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, expect, it } from 'vitest';
import { CLI, caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

const BASIC = [
  'health',
  // the registry
  'register_agent',
  'deregister_agent',
  'heartbeat',
  'update_agent_status',
  'check_agent_responsiveness',
  'find_agents',
  // messaging
  'send_message',
  'request_assistance',
  'check_message_recipient_status',
  'fetch_inbox',
  'acknowledge_message',
  'subscribe_system_events',
  'unsubscribe_system_events',
  'list_event_subscriptions',
  'broadcast_system_event',
  'check_message_frequency',
  // sessions
  'create_collaboration_session',
  'invite_to_session',
  'join_session',
  'leave_session',
  'set_session_state',
  'get_session_state',
  'list_sessions',
];

it('lists only the registry, messaging and session tools in basic mode, and every tool in full mode', async () => {
  const dataDir = freshDataDir('modes');
  const basic = await connect(dataDir, ['--durability', 'memory', '--mode', 'basic']);
  const listed = (await basic.listTools()).tools.map((tool) => tool.name);
  expect([...listed].sort()).toEqual([...BASIC].sort());
  await expect(basic.callTool({ name: 'create_task', arguments: { description: 'x' } })).rejects.toThrow(
    /Unknown tool: create_task/,
  );
  await basic.close();

  const full = await connect(dataDir, ['--durability', 'memory']);
  const every = (await full.listTools()).tools.map((tool) => tool.name);
  expect(every).toEqual(expect.arrayContaining([...BASIC, 'create_task', 'acquire_file_lock', 'route_task']));
  expect(every.length).toBeGreaterThan(BASIC.length);
  await full.close();
});

it('adds a debug block to every result in debug mode and logs each call, never a token', async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', freshDataDir('modes'), '--threads', '2', '--mode', 'debug'],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'modes-test', version: '0.0.0' });
  await client.connect(transport);
  const { tools } = await client.listTools();
  expect(tools.every((tool) => tool.outputSchema?.properties?.debug !== undefined)).toBe(true);

  const token = await registerAgent(client, 'ada');
  const call = caller(client);
  const beat = await call('heartbeat', { agent_id: 'ada', agent_token: token });
  expect(beat.debug).toMatchObject({
    actor: 'agent:ada',
    thread: expect.any(Number),
    queue: expect.any(Number),
    status: expect.any(String),
    turn_ms: expect.any(Number),
  });
  expect((await call('health', {})).debug).toMatchObject({ actor: 'system', thread: null });
  expect((await call('heartbeat', { agent_id: 'nobody' })).error).toMatchObject({ code: 'unauthorized' });
  await client.close();

  const calls = stderr
    .split('\n')
    .filter((line) => line.includes('"msg":"tool call"'))
    .map((line) => JSON.parse(line) as { level: number; tool: string; error?: { code: string } });
  expect(calls.map((line) => line.tool)).toEqual(
    expect.arrayContaining(['register_agent', 'heartbeat', 'health']),
  );
  expect(calls.every((line) => line.level === 20)).toBe(true);
  expect(calls.find((line) => line.error)?.error).toMatchObject({ code: 'unauthorized' });
  expect(stderr).not.toContain(token);
});

it('refuses a mode that does not exist, and --mode disabled without a gateway config, naming --mode', () => {
  const run = spawnSync(process.execPath, [CLI, 'serve', '--mode', 'turbo'], {
    encoding: 'utf8',
    input: '',
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('--mode');
  expect(run.stdout).toBe('');
  const plain = spawnSync(
    process.execPath,
    [CLI, 'serve', '--mode', 'disabled', '--data-dir', join(freshDataDir('no-config'), '.troupe')],
    { encoding: 'utf8', input: '' },
  );
  expect(plain.status).toBe(2);
  expect(plain.stderr).toContain('--mode disabled is a plain gateway');
  expect(plain.stdout).toBe('');
  const limit = spawnSync(process.execPath, [CLI, 'serve', '--max-message-bytes', '12'], {
    encoding: 'utf8',
    input: '',
  });
  expect(limit.status).toBe(2);
  expect(limit.stderr).toContain('--max-message-bytes');
});
