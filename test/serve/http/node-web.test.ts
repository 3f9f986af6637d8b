/**
 * Writing a Web `Response` to node:http and reading a request body: a streamed answer's head
 * reaches the client while its body has nothing more to send (after the head window), and
 * then each chunk as it is written; a quick answer arrives whole; a body is read whole, one over
 * the limit is refused by its declared length or while it is read, and one the client cut off
 * is told apart.
 */
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { readBody, writeWebResponse } from '../../../src/serve/http/node-web.js';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<string> {
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A body that yields `chunks`, each once its gate (if any) opens. */
function gatedBody(
  chunks: ReadonlyArray<readonly [gate: Promise<void> | null, text: string]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      for (const [gate, text] of chunks) {
        await gate;
        controller.enqueue(encoder.encode(text));
      }
      controller.close();
    },
  });
}

function opener(): { gate: Promise<void>; open: () => void } {
  let open = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { gate, open };
}

it('sends the head of a stream before its next chunk exists, then each chunk as it is written', async () => {
  // The next chunk is written only once the client has what came before: were the head or a
  // chunk held back for the ones after it, the client would wait forever (the test times out).
  const headSeen = opener();
  const firstSeen = opener();
  const base = await serve(async (_req, res) => {
    const body = gatedBody([
      [null, 'primed\n'],
      [headSeen.gate, 'first\n'],
      [firstSeen.gate, 'second\n'],
    ]);
    await writeWebResponse(
      new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
      res,
    );
  });
  const response = await fetch(base);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  headSeen.open();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
    if (text.includes('first')) firstSeen.open();
  }
  expect(text).toBe('primed\nfirst\nsecond\n');
});

it('writes a quick answer whole, with its status and headers', async () => {
  const base = await serve(async (_req, res) => {
    const body = gatedBody([
      [null, 'a'],
      [null, 'b'],
    ]);
    await writeWebResponse(new Response(body, { status: 201, headers: { 'x-kind': 'quick' } }), res);
  });
  const response = await fetch(base);
  expect(response.status).toBe(201);
  expect(response.headers.get('x-kind')).toBe('quick');
  expect(await response.text()).toBe('ab');
});

/** GET `base` on `agent`'s connection: status and body. */
function getOn(agent: Agent, base: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(base, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

it('answers request after request on one kept-alive connection, each answer whole and alone', async () => {
  let n = 0;
  const base = await serve(async (_req, res) => {
    n++;
    const quick = n % 2 === 1;
    const late = opener();
    if (!quick) setTimeout(late.open, 20);
    const body = gatedBody([
      [null, `primed ${n}\n`],
      [quick ? null : late.gate, `answer ${n}\n`],
    ]);
    await writeWebResponse(
      new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
      res,
    );
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const answers = [];
    for (let i = 1; i <= 6; i++) answers.push(await getOn(agent, base));
    expect(answers).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => ({ status: 200, body: `primed ${i}\nanswer ${i}\n` })),
    );
  } finally {
    agent.destroy();
  }
});

it('writes a response without a body', async () => {
  const base = await serve(async (_req, res) => {
    await writeWebResponse(new Response(null, { status: 202 }), res);
  });
  const response = await fetch(base, { method: 'POST', body: '{}' });
  expect(response.status).toBe(202);
  expect(await response.text()).toBe('');
});

it('reads a body whole, and refuses one over the limit by its length or while reading', async () => {
  const outcomes: unknown[] = [];
  const base = await serve(async (req, res) => {
    outcomes.push(await readBody(req, 1_000));
    res.end();
  });
  const text = 'é'.repeat(300);
  await fetch(base, { method: 'POST', body: text });
  await fetch(base, { method: 'POST', body: 'x'.repeat(1_001) });
  // No declared length (a chunked stream): refused once more than the limit has arrived.
  const chunked = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let n = 0; n < 5; n++) controller.enqueue(new Uint8Array(400).fill(120));
      controller.close();
    },
  });
  await fetch(base, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit);
  expect(outcomes).toEqual([{ kind: 'read', text }, { kind: 'too-large' }, { kind: 'too-large' }]);
});

it('says the client left when the connection ends before the body does', async () => {
  let outcome: Promise<unknown> | undefined;
  const arrived = opener();
  const base = await serve(async (req, res) => {
    outcome = readBody(req, 1_000_000);
    arrived.open();
    await outcome;
    res.end();
  });
  const { port } = new URL(base);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`,
  );
  await arrived.gate;
  socket.destroy();
  expect(await outcome).toEqual({ kind: 'client-left' });
});
