/**
 * What every HTTP request passes: a `Host` or `Origin` that does not name this server is
 * refused (403, DNS rebinding); off loopback a bearer token is required — `troupe serve`
 * will not start without one, requests without it or with a wrong one get 401, `/healthz`
 * stays open — and a body over `--max-message-bytes` is answered 413. A process that would
 * attach to another host is refused `--http` (exit 2).
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { CLI, freshDataDir, removeDataDirs } from '../../mcp/serve-client.js';
import { connectHttp, INITIALIZE, MCP_POST_HEADERS, startTroupe, stopTroupes } from './http-troupe.js';

afterEach(async () => {
  await stopTroupes();
  removeDataDirs();
});

/** A raw request (node:http, so `Host` can be anything); its status and body. */
function raw(
  port: number,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

it('refuses a Host or an Origin that does not name this server', async () => {
  const troupe = await startTroupe();
  const port = troupe.port;
  expect((await raw(port, '/health', { host: 'evil.example' })).status).toBe(403);
  expect((await raw(port, '/health', { host: `evil.example:${port}` })).body).toMatch(
    /Host header not allowed/,
  );
  expect(
    (await raw(port, '/health', { host: `localhost:${port}`, origin: 'http://evil.example' })).status,
  ).toBe(403);
  expect(
    (await raw(port, '/health', { host: `localhost:${port}`, origin: `http://localhost:${port}` })).status,
  ).toBe(200);
  const rebound = await raw(
    port,
    '/mcp',
    { ...MCP_POST_HEADERS, host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` },
    'POST',
    JSON.stringify(INITIALIZE),
  );
  expect(rebound.status).toBe(403);
});

it('needs a bearer token off loopback, compares it exactly, and keeps /healthz open', async () => {
  const refused = spawnSync(
    process.execPath,
    [CLI, 'serve', '--durability', 'memory', '--http', '0.0.0.0:0', '--no-stdio'],
    {
      encoding: 'utf8',
      env: { ...process.env, TROUPE_HTTP_TOKEN: '' },
    },
  );
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(/--http-token: --http on 0\.0\.0\.0 \(not loopback\) needs a bearer token/);

  const token = 'a-long-enough-secret-token';
  const troupe = await startTroupe({ http: '0.0.0.0:0', env: { TROUPE_HTTP_TOKEN: token } });
  const port = troupe.port;
  const post = (authorization?: string) =>
    raw(
      port,
      '/mcp',
      { ...MCP_POST_HEADERS, host: `127.0.0.1:${port}`, ...(authorization ? { authorization } : {}) },
      'POST',
      JSON.stringify(INITIALIZE),
    );
  const missing = await post();
  expect(missing.status).toBe(401);
  expect(missing.headers['www-authenticate']).toBe('Bearer');
  // Same length, one character off; a prefix; the token with more after it.
  expect((await post(`Bearer ${token.slice(0, -1)}x`)).status).toBe(401);
  expect((await post(`Bearer ${token.slice(0, 10)}`)).status).toBe(401);
  expect((await post(`Bearer ${token}x`)).status).toBe(401);
  expect((await post(`Bearer ${token}`)).status).toBe(200);
  expect((await raw(port, '/healthz', { host: `127.0.0.1:${port}` })).status).toBe(200);
  expect((await raw(port, '/readyz', { host: `127.0.0.1:${port}` })).status).toBe(401);
  expect(
    (await raw(port, '/readyz', { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` })).status,
  ).toBe(200);

  // The SDK client, with the token.
  const { client } = await connectHttp(troupe, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  expect((await client.listTools()).tools.length).toBeGreaterThan(10);
  await client.close();
});

it('answers a body over --max-message-bytes with 413', async () => {
  const troupe = await startTroupe({ args: ['--max-message-bytes', '2048'] });
  const big = JSON.stringify({ ...INITIALIZE, params: { ...INITIALIZE.params, padding: 'x'.repeat(4096) } });
  const response = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: big,
  });
  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({
    error: { message: expect.stringMatching(/over 2048 bytes/) },
  });
  // A body within the limit is served.
  const small = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify(INITIALIZE),
  });
  expect(small.status).toBe(200);
});

it('refuses --http in a process that would attach to another host', async () => {
  const dataDir = freshDataDir('http-attach');
  await startTroupe({ dataDir });
  const second = spawnSync(
    process.execPath,
    [CLI, 'serve', '--data-dir', dataDir, '--http', '127.0.0.1:0', '--no-stdio'],
    { encoding: 'utf8' },
  );
  expect(second.status).toBe(2);
  expect(second.stderr).toMatch(/--http: another troupe serve process hosts the runtime/);
});
