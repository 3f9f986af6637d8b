/**
 * The bare SDK `McpServer` the MCP baselines serve: one tool, `echo`, that answers its input
 * at once. It answers the way our tools do — `structuredContent` checked against an output
 * schema, plus the same JSON as text — so the difference to `troupe serve` is what lies behind
 * the tool (an actor ask, a durable turn), not the SDK features used. No actor system, no
 * logging. Which transport it is served on is the caller's (`mcp-echo-server.ts`: stdio,
 * `mcp-echo-http-server.ts`: Streamable HTTP).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function createEchoServer(): McpServer {
  const server = new McpServer({ name: 'bench-echo', version: '0.0.0' });
  server.registerTool(
    'echo',
    {
      description: 'Answer the text it was given.',
      inputSchema: { text: z.string() },
      outputSchema: { text: z.string() },
      annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false },
    },
    ({ text }) => {
      const value = { text };
      return { structuredContent: value, content: [{ type: 'text', text: JSON.stringify(value) }] };
    },
  );
  return server;
}
