/**
 * What the MCP tests share: a real `troupe serve` child on a fresh data directory, driven
 * over stdio by the SDK `Client`, and the helpers that read its tool results.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const CLI = fileURLToPath(new URL('../../src/serve/main.js', import.meta.url));

const made: string[] = [];

/** A new, empty data directory, removed by `removeDataDirs` (call it in `afterEach`). */
export function freshDataDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `troupe-${name}-`));
  made.push(dir);
  return dir;
}

export function removeDataDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Start `troupe serve` on `dataDir` (with `options`, e.g. `--frequency-threshold 5`) and connect an SDK client to it. */
export async function connect(dataDir: string, options: readonly string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    // One worker thread: an MCP test is about the adapter and the domain (crossing threads is the kernel's
    // and the coordination tests' part, and the acceptance test runs two); each thread costs ~1 s of CPU to start.
    args: [CLI, 'serve', '--data-dir', dataDir, '--threads', '1', ...options],
    stderr: process.env.TROUPE_TEST_STDERR ? 'inherit' : 'ignore',
  });
  const client = new Client({ name: 'troupe-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

export interface ToolError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly retryable?: boolean;
}

export type Structured = Record<string, unknown> & { error?: ToolError };

/**
 * A result as one object: a success's structured content, or — for an `isError` result,
 * which carries no structured content — `{ error }` read from its JSON text.
 */
export const structured = (result: unknown): Structured => {
  const { isError, structuredContent, content } = result as {
    isError?: boolean;
    structuredContent?: Structured;
    content?: { type: string; text?: string }[];
  };
  if (!isError) return structuredContent as Structured;
  return JSON.parse(content?.[0]?.text ?? '{}') as Structured;
};

/** `call(tool, args)` → the result's structured content (or `{ error }`). */
export const caller = (client: Client) => async (name: string, args: Record<string, unknown>) =>
  structured(await client.callTool({ name, arguments: args }));

/** Register an agent (a worker with no capabilities unless `fields` say otherwise); its token. */
export async function registerAgent(
  client: Client,
  id: string,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const registered = await caller(client)('register_agent', {
    id,
    name: id,
    role: 'worker',
    model_type: 'llm',
    model_version: '1',
    capabilities: [],
    ...fields,
  });
  return registered.agent_token as string;
}

export interface WireProgress {
  readonly progressToken: string | number;
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/**
 * Every progress notification `client` receives from now on, as read off the wire. The SDK
 * client hands a notification to its handler a microtask after it reads it but takes an
 * answer at once, so a last notification read in the same chunk as its request's answer is
 * dropped before any `onprogress` sees it; what the server sent is checked here.
 */
export function progressOnTheWire(client: Client): WireProgress[] {
  const seen: WireProgress[] = [];
  const transport = client.transport;
  if (transport === undefined) throw new Error('connect the client first');
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if ('method' in message && message.method === 'notifications/progress')
      seen.push(message.params as unknown as WireProgress);
    deliver?.(message, extra);
  };
  return seen;
}
