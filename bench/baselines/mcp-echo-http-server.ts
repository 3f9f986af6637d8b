/**
 * Baseline child for the http scenario: the bare MCP SDK over Streamable HTTP,
 * `node mcp-echo-http-server.js`. A node:http server on 127.0.0.1 (a free port) serving the
 * echo server (`echo-server.ts`) at `/mcp` the way the SDK's own example does: an
 * `initialize` without a session opens one (a `StreamableHTTPServerTransport` with a random
 * `mcp-session-id` and an `McpServer` of its own), later requests go to their session's
 * transport. No event store, no guard, no limits: the floor for a tool call through the SDK
 * over HTTP. It prints `{"kind":"listening","port":N}` on stdout once it listens, and runs
 * until it is killed.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createEchoServer } from './echo-server.js';

const sessions = new Map<string, StreamableHTTPServerTransport>();

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = req.method === 'POST' ? await readJson(req) : undefined;
  const sessionId = req.headers['mcp-session-id'];
  let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
  if (transport === undefined && sessionId === undefined && isInitializeRequest(body)) {
    const opened = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, opened);
      },
    });
    opened.onclose = () => {
      if (opened.sessionId !== undefined) sessions.delete(opened.sessionId);
    };
    await createEchoServer().connect(opened);
    transport = opened;
  }
  if (transport === undefined) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null }));
    return;
  }
  await transport.handleRequest(req, res, body);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`mcp-echo-http-server: ${error instanceof Error ? error.stack : String(error)}\n`);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ kind: 'listening', port })}\n`);
});
