/**
 * Property (fast-check): the raw frames of `frame-arbitrary.ts` POSTed to a real `troupe serve
 * --http`'s `/mcp` — inside the fuzzing MCP session or outside any, with the headers a client
 * should send or odd ones (no `Accept`, a wrong content type, an unknown session id, an odd
 * protocol version) — never take it down: no answer is a 500, every JSON or event-stream body
 * holds well-formed JSON-RPC (a result, or an error with an integer code), and `/healthz`
 * answers 200 after each case. Afterwards an SDK client lists the tools and gets `health`, and
 * the state another HTTP session set up before is unchanged. Its share of `TROUPE_FUZZ_RUNS`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  connectHttp,
  INITIALIZE,
  MCP_POST_HEADERS,
  type RunningTroupe,
  startTroupe,
  stopTroupes,
} from '../../serve/http/http-troupe.js';
import { anyFrame } from './frame-arbitrary.js';
import { fuzzParameters, runsOf } from './fuzz-budget.js';
import { expectKept, type KeptState, keepState } from './kept-state.js';

const RUNS = runsOf('framesHttp');
const MAX_MESSAGE_BYTES = 64 * 1024;

let troupe: RunningTroupe;
let keeper: Client;
let kept: KeptState;
let sessionId: string;

beforeAll(async () => {
  troupe = await startTroupe({ args: ['--max-message-bytes', String(MAX_MESSAGE_BYTES)] });
  ({ client: keeper } = await connectHttp(troupe));
  kept = await keepState(keeper);
  const opened = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify(INITIALIZE),
  });
  expect(opened.status).toBe(200);
  sessionId = opened.headers.get('mcp-session-id') as string;
  expect(sessionId).toBeTypeOf('string');
  await opened.text();
});

afterAll(async () => {
  await keeper?.close();
  await stopTroupes();
});

/** The headers of one case: mostly the right ones in the fuzzing session, else odd ones. */
const PROPER = { session: 'ours', accept: MCP_POST_HEADERS.accept, contentType: 'application/json' };
const oddHeaders = fc.record(
  {
    session: fc.constantFrom('ours', 'ours', 'ours', 'none', 'unknown', 'huge'),
    accept: fc.constantFrom(
      MCP_POST_HEADERS.accept,
      MCP_POST_HEADERS.accept,
      'application/json',
      '*/*',
      'text/html',
      '',
    ),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
    protocolVersion: fc.constantFrom(undefined, '2025-11-25', '1999-01-01', 'x'),
  },
  { requiredKeys: ['session', 'accept', 'contentType'] },
);
const headersOf = fc.oneof(
  { arbitrary: fc.constant(PROPER), weight: 3 },
  { arbitrary: oddHeaders, weight: 1 },
);

function headers(parts: {
  session: string;
  accept: string;
  contentType: string;
  protocolVersion?: string | undefined;
}): Record<string, string> {
  const all: Record<string, string> = {};
  if (parts.accept !== '') all.accept = parts.accept;
  if (parts.contentType !== '') all['content-type'] = parts.contentType;
  if (parts.protocolVersion !== undefined) all['mcp-protocol-version'] = parts.protocolVersion;
  if (parts.session === 'ours') all['mcp-session-id'] = sessionId;
  if (parts.session === 'unknown') all['mcp-session-id'] = 'no-such-session';
  if (parts.session === 'huge') all['mcp-session-id'] = 's'.repeat(4_000);
  return all;
}

/** The JSON-RPC messages of a body: JSON (one or a list) or an event stream's `data:` lines. */
function messagesOf(contentType: string, text: string): unknown[] {
  if (text.trim() === '') return [];
  if (contentType.includes('text/event-stream'))
    return text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .filter((data) => data !== '')
      .map((data) => JSON.parse(data));
  if (contentType.includes('json')) {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return [];
}

function expectWellFormed(message: unknown): void {
  const shown = JSON.stringify(message).slice(0, 500);
  const { jsonrpc, method, result, error } = message as {
    jsonrpc?: unknown;
    method?: unknown;
    result?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  expect(jsonrpc, shown).toBe('2.0');
  if (typeof method === 'string') return;
  expect((result === undefined) !== (error === undefined), shown).toBe(true);
  if (error !== undefined) {
    expect(Number.isInteger(error.code), shown).toBe(true);
    expect(typeof error.message, shown).toBe('string');
  }
}

it(`survives ${RUNS} raw POSTs to /mcp, answering each well-formed`, async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(anyFrame(MAX_MESSAGE_BYTES), headersOf, async (frame, parts) => {
      const response = await fetch(`${troupe.base}/mcp`, {
        method: 'POST',
        headers: headers(parts),
        body: frame,
        signal: AbortSignal.timeout(20_000),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const text = await response.text();
      expect(response.status, text.slice(0, 500)).not.toBe(500);
      for (const message of messagesOf(response.headers.get('content-type') ?? '', text))
        expectWellFormed(message);
      expect((await fetch(`${troupe.base}/healthz`)).status).toBe(200);
      expect(troupe.child.exitCode).toBeNull();
    }),
    fuzzParameters(RUNS),
  );
  process.stderr.write(`fuzz frames over HTTP: statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);

  const { client } = await connectHttp(troupe);
  expect((await client.listTools()).tools.length).toBeGreaterThan(40);
  const health = await client.callTool({ name: 'health', arguments: {} });
  expect(health.structuredContent).toMatchObject({ status: 'healthy' });
  await client.close();
  await expectKept(keeper, kept);
}, 1_800_000);
