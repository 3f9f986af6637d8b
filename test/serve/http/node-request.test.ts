/**
 * The `Request` view of a node:http message: method, URL and headers read from the message
 * as a `Request` and `Headers` would answer them, read-only headers, and anything else (here
 * `signal`, `clone`) served by a real `Request` made on demand.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { webRequestOf } from '../../../src/serve/http/node-request.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Send one request with `headers` and hand the received message to `inspect`; resolves with what it returns. */
async function received<T>(
  path: string,
  headers: Record<string, string | string[]>,
  inspect: (req: IncomingMessage) => T | Promise<T>,
): Promise<T> {
  let outcome: Promise<T> | undefined;
  const server = createServer((req, res) => {
    outcome = Promise.resolve(inspect(req));
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const flat = new Headers();
  for (const [name, value] of Object.entries(headers))
    for (const one of Array.isArray(value) ? value : [value]) flat.append(name, one);
  await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: flat, body: '{}' });
  if (outcome === undefined) throw new Error('no request arrived');
  return outcome;
}

it('answers method, URL and headers as a Request would', async () => {
  const seen = await received(
    '/mcp?x=1',
    { Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': 's-1' },
    (req) => {
      const request = webRequestOf(req);
      return {
        method: request.method,
        url: request.url,
        accept: request.headers.get('accept'),
        session: request.headers.get('MCP-SESSION-ID'),
        missing: request.headers.get('last-event-id'),
        has: request.headers.has('Accept'),
        entries: Object.fromEntries(request.headers.entries()),
      };
    },
  );
  expect(seen.method).toBe('POST');
  expect(new URL(seen.url).pathname).toBe('/mcp');
  expect(new URL(seen.url).search).toBe('?x=1');
  expect(seen.accept).toBe('application/json, text/event-stream');
  expect(seen.session).toBe('s-1');
  expect(seen.missing).toBeNull();
  expect(seen.has).toBe(true);
  expect(seen.entries).toMatchObject({
    accept: 'application/json, text/event-stream',
    'mcp-session-id': 's-1',
  });
});

it('lists the headers in the order and form a Headers would', async () => {
  const compared = await received('/', { 'X-B': '2', 'X-A': ['1', '3'] }, (req) => {
    const light = [...webRequestOf(req).headers];
    const real = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined)
        for (const one of Array.isArray(value) ? value : [value]) real.append(name, one);
    return { light, real: [...real] };
  });
  expect(compared.light).toEqual(compared.real);
});

it('refuses to change the received headers', async () => {
  const errors = await received('/', {}, (req) => {
    const { headers } = webRequestOf(req);
    return [() => headers.set('a', 'b'), () => headers.append('a', 'b'), () => headers.delete('a')].map(
      (change) => {
        try {
          change();
          return null;
        } catch (error) {
          return error;
        }
      },
    );
  });
  for (const error of errors) expect(error).toBeInstanceOf(TypeError);
});

it('serves what it does not hold itself from a real Request', async () => {
  const seen = await received('/p', { 'X-One': 'a' }, (req) => {
    const request = webRequestOf(req);
    const copy = request.clone();
    return { aborted: request.signal.aborted, copyUrl: copy.url, copyHeader: copy.headers.get('x-one') };
  });
  expect(seen.aborted).toBe(false);
  expect(new URL(seen.copyUrl).pathname).toBe('/p');
  expect(seen.copyHeader).toBe('a');
});
