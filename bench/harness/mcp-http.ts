/**
 * An MCP server child driven over Streamable HTTP by the SDK `Client` — the way a remote MCP
 * host talks to `troupe serve --http`. The child is a `NodeChild` (`child-process.ts`); where
 * it listens comes from it (a JSON line it prints, or a port file it writes: `readPortFile`),
 * and the client speaks to `http://127.0.0.1:<port>/mcp`. Closing ends the session (DELETE),
 * then kills the child. This module measures nothing; see `mcp-calls.ts`.
 */
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { NodeChild } from './child-process.js';

const PORT_FILE_POLL_MS = 20;

export interface HttpServerChild {
  readonly client: Client;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Close the session and kill the child; must not throw. */
  close(): Promise<void>;
}

/** Connect an SDK client to `/mcp` of the child listening on `port`; the child is killed if that fails. */
export async function connectHttpServer(child: NodeChild, port: number): Promise<HttpServerChild> {
  const base = `http://127.0.0.1:${port}`;
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base));
  const client = new Client({ name: 'troupe-bench', version: '0.0.0' });
  const close = async () => {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
    await child.kill();
  };
  try {
    await client.connect(transport);
  } catch (error) {
    await close();
    throw error;
  }
  return { client, base, close };
}

/** The port a child writes to `path` once it listens (polled); rejects if the child ends first or after `timeoutMs`. */
export async function readPortFile(child: NodeChild, path: string, timeoutMs: number): Promise<number> {
  let ended: string | null = null;
  void child.ended.then((exit) => {
    ended = exit;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => null);
    const port = text === null ? Number.NaN : Number(text.trim());
    if (Number.isInteger(port) && port > 0) return port;
    if (ended !== null) throw new Error(`the child ended (${ended}) before writing its port to ${path}`);
    if (Date.now() > deadline) throw new Error(`no port in ${path} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, PORT_FILE_POLL_MS));
  }
}
