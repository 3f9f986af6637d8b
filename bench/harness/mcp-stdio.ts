/**
 * An MCP server child driven over stdio by the SDK `Client` — the way an MCP host talks to
 * `troupe serve`. Starts `node <script> <args…>` through `StdioClientTransport`, keeps the
 * tail of its stderr for error messages, and closes it (stdin closed, then the SDK's own
 * SIGTERM/SIGKILL fallback). This module measures nothing; see `mcp-calls.ts`.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const STDERR_TAIL_CHARS = 2_000;

export interface StdioServerChild {
  readonly client: Client;
  /** The child's pid (null once it is gone). */
  pid(): number | null;
  /** The last lines the child wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Close the connection and end the child; must not throw. */
  close(): Promise<void>;
}

export async function connectStdioServer(script: URL, args: readonly string[]): Promise<StdioServerChild> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fileURLToPath(script), ...args],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  const client = new Client({ name: 'troupe-bench', version: '0.0.0' });
  const child: StdioServerChild = {
    client,
    pid: () => transport.pid,
    stderrTail: () => stderr.trim(),
    close: () => client.close().catch(() => {}),
  };
  try {
    await client.connect(transport);
  } catch (error) {
    await child.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${fileURLToPath(script)} did not connect: ${reason} (stderr: ${child.stderrTail() || 'empty'})`,
    );
  }
  return child;
}
