/**
 * `troupe serve --otel`: the process exports its spans over OTLP/HTTP (JSON) to the collector
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` names — here a loopback HTTP server of the test's — a
 * tool call's `tools/call <tool>` span and, under it, the agent actor's turn on its worker thread.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { until } from '../helpers/until.js';
import { CLI, freshDataDir, registerAgent, removeDataDirs } from '../mcp/serve-client.js';

interface ExportedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
}

interface TraceExport {
  readonly resourceSpans: readonly {
    readonly scopeSpans: readonly { readonly spans: readonly ExportedSpan[] }[];
  }[];
}

const spans: ExportedSpan[] = [];
let collector: Server;
let client: Client;

beforeAll(async () => {
  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TraceExport;
        for (const resource of body.resourceSpans)
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      CLI,
      'serve',
      '--data-dir',
      freshDataDir('otel'),
      '--durability',
      'memory',
      '--threads',
      '1',
      '--otel',
    ],
    env: {
      ...env,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    },
    stderr: process.env.TROUPE_TEST_STDERR ? 'inherit' : 'ignore',
  });
  client = new Client({ name: 'otel-test', version: '0.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await new Promise((resolve) => collector?.close(resolve));
  removeDataDirs();
});

it('exports the request span and the turn under it over OTLP/HTTP', async () => {
  await registerAgent(client, 'ada');
  await until(
    () =>
      spans.some((span) => span.name === 'tools/call register_agent') &&
      spans.some((span) => span.name === 'turn AgentActor'),
    15_000,
  );
  const request = spans.find((span) => span.name === 'tools/call register_agent') as ExportedSpan;
  const turn = spans.find((span) => span.name === 'turn AgentActor') as ExportedSpan;
  expect(turn.traceId).toBe(request.traceId);
  expect(turn.parentSpanId).toBe(request.spanId);
});
