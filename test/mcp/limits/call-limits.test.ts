/**
 * The call limits over a real `troupe serve` (stdio, SDK client, tools listed first), from the
 * config file's `limits` section: per-session and per-agent token buckets answering
 * `rate_limited` with `retry_after_ms` (waited, the call passes), an agent's bucket shared by
 * every session that acts for it, a full inbox told to the sender, a string over the limit
 * refused naming its path, a whole request over the limit refused with the server still
 * answering, and a change of the section taking effect without a restart.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from '../serve-client.js';

const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  removeDataDirs();
});

/** A data dir and a config file holding `limits` beside it, in one directory removed after the test. */
function configured(name: string, limits: Record<string, unknown>): { dataDir: string; file: string } {
  const root = freshDataDir(name);
  const file = join(root, 'limits.json');
  writeFileSync(file, JSON.stringify({ limits }));
  return { dataDir: join(root, 'data'), file };
}

async function open(dataDir: string, file: string, flags: readonly string[] = []): Promise<Client> {
  const client = await connect(dataDir, ['--config', file, ...flags]);
  clients.push(client);
  await client.listTools();
  return client;
}

const ADMIN = 'operator-token-for-the-limits-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits on tool calls', () => {
  it('refuses a session over its bucket with rate_limited and retry_after_ms; after that wait the call passes', async () => {
    const { dataDir, file } = configured('limits-session', {
      // One token per 2.5 s: a slow machine does not refill one between the calls.
      per_session: { per_second: 0.4, burst: 3 },
      per_agent: false,
    });
    const call = caller(await open(dataDir, file));
    // Six at once: the bucket holds three, and no slow machine refills one while they are answered.
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('health', {})));
    expect(answers.filter((answer) => answer.error === undefined).length).toBeGreaterThanOrEqual(3);
    const refused = answers.find((answer) => answer.error !== undefined)?.error as unknown as Record<
      string,
      unknown
    >;
    expect(refused).toMatchObject({ code: 'rate_limited', field: 'limits.per_session', retryable: true });
    const wait = refused.retry_after_ms as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2500);
    expect(refused.message).toContain('limit 0.4/s, burst 3');
    await sleep(wait);
    expect((await call('health', {})).error).toBeUndefined();
  });

  it('counts an agent’s calls across sessions; another agent is not held back', async () => {
    const { dataDir, file } = configured('limits-agent', {
      per_agent: { per_second: 0.05, burst: 2 },
      per_session: false,
    });
    const first = await open(dataDir, file);
    const token = await registerAgent(first, 'busy');
    const call = caller(first);
    for (let i = 0; i < 2; i++) expect((await call('heartbeat', { agent_id: 'busy' })).error).toBeUndefined();
    expect((await call('heartbeat', { agent_id: 'busy' })).error).toMatchObject({
      code: 'rate_limited',
      field: 'limits.per_agent',
    });
    // A second session (a second `troupe serve` attached to the same runtime) acting for the same agent.
    const second = caller(await open(dataDir, file));
    const refused = (await second('heartbeat', { agent_id: 'busy', agent_token: token })).error;
    expect(refused).toMatchObject({ code: 'rate_limited', field: 'limits.per_agent' });
    expect((refused as unknown as { retry_after_ms: number }).retry_after_ms).toBeGreaterThan(0);
    await registerAgent(first, 'calm');
    expect((await call('heartbeat', { agent_id: 'calm' })).error).toBeUndefined();
  });

  it('audits a rate_limited refusal like the gate’s own, and lets the operator through', async () => {
    const { dataDir, file } = configured('limits-audit', {
      per_session: { per_second: 0.05, burst: 2 },
      per_agent: false,
    });
    const tokenFile = join(dataDir, '..', 'admin-token');
    writeFileSync(tokenFile, `${ADMIN}\n`);
    const anonymous = caller(await open(dataDir, file, ['--admin-token-file', tokenFile]));
    for (let i = 0; i < 2; i++) expect((await anonymous('health', {})).error).toBeUndefined();
    expect((await anonymous('health', {})).error).toMatchObject({ code: 'rate_limited' });
    const admin = caller(await open(dataDir, file, ['--admin-token-file', tokenFile]));
    expect((await admin('authenticate_operator', { admin_token: ADMIN })).operator).toBe(true);
    for (let i = 0; i < 5; i++) expect((await admin('health', {})).error).toBeUndefined();
    const page = await admin('get_audit_events', { action: 'health' });
    const events = page.events as { outcome: string; error_code: string | null; principal: string }[];
    expect(events).toContainEqual(
      expect.objectContaining({ outcome: 'refused', error_code: 'rate_limited', principal: 'anonymous' }),
    );
  });

  it('follows a change of the limits section without a restart', async () => {
    const { dataDir, file } = configured('limits-reload', {
      per_session: { per_second: 0.05, burst: 1 },
      per_agent: false,
    });
    const call = caller(await open(dataDir, file));
    expect((await call('health', {})).error).toBeUndefined();
    expect((await call('health', {})).error).toMatchObject({ code: 'rate_limited' });
    writeFileSync(file, JSON.stringify({ limits: { per_session: false, per_agent: false } }));
    let passed = false;
    for (let attempt = 0; attempt < 100 && !passed; attempt++) {
      await sleep(100);
      passed = (await call('health', {})).error === undefined;
    }
    expect(passed).toBe(true);
  });
});

describe('sizes and inbox caps', () => {
  it('tells the sender inbox_full naming the recipient and the cap, and stores nothing more', async () => {
    const { dataDir, file } = configured('limits-inbox', { inbox_max_messages: 2 });
    const client = await open(dataDir, file);
    const call = caller(client);
    await registerAgent(client, 'sender');
    await registerAgent(client, 'recipient');
    const send = (n: number) =>
      call('send_message', { sender_id: 'sender', recipient_id: 'recipient', content: { n } });
    expect((await send(1)).error).toBeUndefined();
    expect((await send(2)).error).toBeUndefined();
    const full = (await send(3)).error;
    expect(full).toMatchObject({ code: 'inbox_full', field: 'recipient_id' });
    expect(full?.message).toContain('"recipient"');
    expect(full?.message).toContain('inboxMessages 2');
    const inbox = await call('fetch_inbox', { agent_id: 'recipient' });
    expect((inbox.messages as { content: { n: number } }[]).map((m) => m.content.n)).toEqual([1, 2]);
  });

  it('refuses a string over max_string_bytes naming its path and the limit, at any depth', async () => {
    const { dataDir, file } = configured('limits-string', { max_string_bytes: 1024 });
    const client = await open(dataDir, file);
    const call = caller(client);
    await registerAgent(client, 'writer');
    await registerAgent(client, 'reader');
    const content = 'é'.repeat(513); // 1026 bytes in UTF-8, 513 characters
    const refused = (await call('send_message', { sender_id: 'writer', recipient_id: 'reader', content }))
      .error;
    expect(refused).toEqual({
      code: 'too_large',
      field: 'content',
      message: 'content: 1026 bytes, limit 1024',
    });
    const nested = await call('send_message', {
      sender_id: 'writer',
      recipient_id: 'reader',
      content: { parts: ['ok', 'x'.repeat(1025)] },
    });
    expect(nested.error).toMatchObject({
      code: 'too_large',
      field: 'content.parts[1]',
      message: 'content.parts[1]: 1025 bytes, limit 1024',
    });
    expect((await call('fetch_inbox', { agent_id: 'reader' })).messages).toEqual([]);
    const fits = await call('send_message', {
      sender_id: 'writer',
      recipient_id: 'reader',
      content: 'x'.repeat(1024),
    });
    expect(fits.error).toBeUndefined();
  });

  it('refuses a whole request over --max-message-bytes and goes on answering', async () => {
    const dataDir = freshDataDir('limits-request');
    const client = await connect(dataDir, ['--max-message-bytes', '65536']);
    clients.push(client);
    await client.listTools();
    await expect(
      client.callTool({ name: 'health', arguments: { padding: 'x'.repeat(70_000) } }),
    ).rejects.toThrow(/65536|too large|exceeds/i);
    const health = caller(client);
    expect((await health('health', {})).error).toBeUndefined();
  });
});
