/**
 * Baseline child for the mcp scenario: the bare MCP SDK over stdio, `node mcp-echo-server.js`:
 * the echo server (`echo-server.ts`) on a `StdioServerTransport` — the floor for a tool call
 * through the SDK and a pipe. It exits when stdin closes.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createEchoServer } from './echo-server.js';

await createEchoServer().connect(new StdioServerTransport());
