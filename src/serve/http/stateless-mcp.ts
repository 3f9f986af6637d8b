/**
 * `/mcp` in stateless mode (`--http-stateless`, for deployments behind a load balancer):
 * no session ids, no resumption; each POST gets a transport and an MCP session of its own,
 * closed once its answer is written. GET (a server-sent stream) and DELETE (ending a
 * session) have nothing to act on and are answered 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { HttpOptions } from './http-options.js';
import type { SessionFactory } from './http-sessions.js';
import { webRequestOf } from './node-request.js';
import { writeRpcError, writeWebResponse } from './node-web.js';

export async function serveStateless(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  createSession: SessionFactory,
  options: HttpOptions,
): Promise<void> {
  if (req.method !== 'POST') {
    writeRpcError(res, 405, -32000, 'Method not allowed: stateless mode serves POST only', { allow: 'POST' });
    return;
  }
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: options.maxBodyBytes,
  });
  const server = createSession();
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(webRequestOf(req), { parsedBody: body });
    await writeWebResponse(response, res);
  } finally {
    await server.close();
  }
}
