/**
 * The life of HTTP sessions: one left idle past `--http-session-ttl-s` is closed (its id is
 * then unknown, 404), while one holding a stream open is not; at `--http-max-sessions` a
 * new session closes the oldest idle one, or is refused with 503 and `Retry-After` when
 * every session is busy; and 1,000 sessions opened and abandoned are all reaped by the TTL,
 * the heap (after a GC, as `/health` reports it) coming back near where it started.
 */
import { afterEach, expect, it } from 'vitest';
import { INITIALIZE, MCP_POST_HEADERS, type RunningTroupe, startTroupe, stopTroupes } from './http-troupe.js';

afterEach(stopTroupes);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openSession(troupe: RunningTroupe): Promise<Response> {
  const response = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: MCP_POST_HEADERS,
    body: JSON.stringify(INITIALIZE),
  });
  await response.text();
  return response;
}

const sessionOf = (response: Response) => response.headers.get('mcp-session-id') as string;

/** The status of a `tools/list` under `sessionId`. */
async function listStatus(troupe: RunningTroupe, sessionId: string): Promise<number> {
  const response = await fetch(`${troupe.base}/mcp`, {
    method: 'POST',
    headers: { ...MCP_POST_HEADERS, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
  });
  await response.text();
  return response.status;
}

/**
 * A standalone SSE stream held open on `sessionId` until `abort()`. The stream is read from, and
 * the reader kept by the closure: an unread fetch body that nothing references is cancelled when
 * it is garbage collected (undici), which closed the stream mid-test once in CI.
 */
async function holdStream(troupe: RunningTroupe, sessionId: string): Promise<{ abort(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${troupe.base}/mcp`, {
    headers: {
      accept: 'text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body?.getReader();
  void reader?.read().catch(() => {});
  return {
    abort: () => {
      void reader?.cancel().catch(() => {});
      controller.abort();
    },
  };
}

interface ProcessFigures {
  heap_used_bytes: number;
  http_sessions: number;
}

async function figures(troupe: RunningTroupe): Promise<ProcessFigures> {
  const health = (await (await fetch(`${troupe.base}/health?gc=1`)).json()) as { process: ProcessFigures };
  return health.process;
}

it('closes a session idle past the TTL, but not one holding a stream open', async () => {
  const troupe = await startTroupe({ args: ['--http-session-ttl-s', '2'] });
  // Each session is used right after it opens (a loaded machine may take a while between steps).
  const idle = sessionOf(await openSession(troupe));
  expect(await listStatus(troupe, idle)).toBe(200);
  const busy = sessionOf(await openSession(troupe));
  const stream = await holdStream(troupe, busy);
  await sleep(4_000);
  expect(await listStatus(troupe, idle)).toBe(404);
  expect(await listStatus(troupe, busy)).toBe(200);
  expect(troupe.stderr()).toMatch(/idle HTTP sessions closed/);
  stream.abort();
});

it('closes the oldest idle session at the cap, and refuses with 503 when all are busy', async () => {
  const troupe = await startTroupe({ args: ['--http-max-sessions', '2'] });
  const first = sessionOf(await openSession(troupe));
  const second = sessionOf(await openSession(troupe));
  const third = await openSession(troupe);
  expect(third.status).toBe(200);
  expect(await listStatus(troupe, first)).toBe(404);
  expect(await listStatus(troupe, second)).toBe(200);
  const streams = [await holdStream(troupe, second), await holdStream(troupe, sessionOf(third))];
  const refused = await openSession(troupe);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('5');
  for (const stream of streams) stream.abort();
});

it('reaps 1,000 abandoned sessions by the TTL, and the heap comes back near its baseline', async () => {
  const troupe = await startTroupe({ args: ['--http-session-ttl-s', '3'], node: ['--expose-gc'] });
  // Warm up the code paths once, so the baseline holds what any session loads for good.
  await openSession(troupe);
  await sleep(4_500);
  const baseline = await figures(troupe);
  expect(baseline.http_sessions).toBe(0);

  const opened = new Set<string>();
  for (let batch = 0; batch < 20; batch++) {
    const responses = await Promise.all(Array.from({ length: 50 }, () => openSession(troupe)));
    for (const response of responses) {
      expect(response.status).toBe(200);
      opened.add(sessionOf(response));
    }
  }
  expect(opened.size).toBe(1_000);
  const peak = await figures(troupe);
  expect(peak.http_sessions).toBeGreaterThan(0);

  const deadline = Date.now() + 120_000;
  let now = peak;
  while (now.http_sessions > 0 && Date.now() < deadline) {
    await sleep(500);
    now = await figures(troupe);
  }
  expect(now.http_sessions).toBe(0);
  // The last closes settle (their streams' and actors' answers) before the heap is read.
  await sleep(2_000);
  // Generous: within 16 MiB of the baseline (the 1,000 sessions held far more at their peak).
  const after = await figures(troupe);
  process.stderr.write(
    `http sessions heap: baseline ${mib(baseline.heap_used_bytes)}, peak ${mib(peak.heap_used_bytes)}, after reaping ${mib(after.heap_used_bytes)}\n`,
  );
  expect(after.heap_used_bytes).toBeLessThan(baseline.heap_used_bytes + 16 * 1024 * 1024);
  expect(peak.heap_used_bytes - after.heap_used_bytes).toBeGreaterThan(0);
}, 420_000);

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
