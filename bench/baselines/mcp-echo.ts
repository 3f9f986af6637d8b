/**
 * Baselines of the mcp and http scenarios: the bare SDK echo server (`echo-server.ts`) in a
 * child process — over stdio (`mcp-echo-server.ts`) or Streamable HTTP
 * (`mcp-echo-http-server.ts`) — driven by the same client code as `troupe serve`
 * (`harness/mcp-calls.ts`). Opened once; each round measures sequential and pipelined `echo` calls.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { isLineOfKind, NodeChild } from '../harness/child-process.js';
import { type CallMeasureOptions, type CallSample, callOnce, measureCalls } from '../harness/mcp-calls.js';
import { connectHttpServer, type HttpServerChild } from '../harness/mcp-http.js';
import { connectStdioServer } from '../harness/mcp-stdio.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';

export const ECHO_SERVER = new URL('./mcp-echo-server.js', import.meta.url);
export const ECHO_HTTP_SERVER = new URL('./mcp-echo-http-server.js', import.meta.url);
export const ECHO_CALL = { name: 'echo', arguments: { text: 'src/cli/serve.ts' } } as const;
const LISTEN_TIMEOUT_MS = 10_000;

/** A connected client and how to end it (the stdio and HTTP children both are one). */
export interface McpConnection {
  readonly client: Client;
  close(): Promise<void>;
}

/** The HTTP echo server in a child, a client connected to its `/mcp`. */
export async function startEchoHttp(): Promise<HttpServerChild> {
  const child = new NodeChild(ECHO_HTTP_SERVER, []);
  try {
    const { line } = await child.waitFor(isLineOfKind('listening'), LISTEN_TIMEOUT_MS, 'listening line');
    return await connectHttpServer(child, Number(line.port));
  } catch (error) {
    await child.kill();
    throw error;
  }
}

export async function openMcpEcho(
  measure: CallMeasureOptions,
  warmupMs: number,
  connect: () => Promise<McpConnection> = () => connectStdioServer(ECHO_SERVER, []),
): Promise<MeasureSession<CallSample>> {
  const child = await connect();
  try {
    await warmUpFor(warmupMs, () => callOnce(child.client, ECHO_CALL));
  } catch (error) {
    await child.close();
    throw error;
  }
  return {
    measureRound: () => measureCalls(child.client, ECHO_CALL, measure),
    close: () => child.close(),
  };
}
