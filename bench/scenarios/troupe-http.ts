/**
 * Troupe half of the http scenario: a real `troupe serve --http 127.0.0.1:0 --no-stdio` child
 * in `memory` mode (default threads, `--log-level warn`), its port read from
 * `--http-port-file`, driven over Streamable HTTP by the same client code as the baseline
 * (`harness/mcp-calls.ts`), calling `check_file_lock` — the stdio mcp scenario's call
 * (`troupe-mcp.ts`): read-only, a read of the locks table on the main thread; over HTTP each
 * answer is also an SSE event the session's event store keeps (in memory in this mode:
 * `src/serve/http/event-logs.ts`).
 *
 * It also scrapes `GET /metrics` for the scenario to check: once mid-run (half-way through the
 * pipelined calls of the first round, the untimed warm-up round) and once after the last
 * round (when the session closes, before the child ends).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { NodeChild } from '../harness/child-process.js';
import type { CallMeasureOptions, CallSample, ToolCall } from '../harness/mcp-calls.js';
import { callOnce, measureCalls } from '../harness/mcp-calls.js';
import { connectHttpServer, type HttpServerChild, readPortFile } from '../harness/mcp-http.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';
import { TROUPE_CLI, toolCall } from './troupe-mcp.js';

const PORT_TIMEOUT_MS = 20_000;

/** When a `/metrics` scrape was taken. */
export type ScrapePhase = 'during' | 'after';

export interface TroupeHttpOptions {
  readonly measure: CallMeasureOptions;
  /** Unrecorded calls for this long when the session opens. */
  readonly warmupMs: number;
  /** Each `/metrics` scrape, as it was answered. */
  readonly onScrape: (phase: ScrapePhase, text: string) => void;
}

async function scrapeMetrics(base: string): Promise<string> {
  const response = await fetch(new URL('/metrics', base));
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}

/** The child, its port read from a port file in a temporary directory (removed once read). */
async function startServeHttp(): Promise<HttpServerChild> {
  const directory = await mkdtemp(join(tmpdir(), 'troupe-bench-http-'));
  const portFile = join(directory, 'port');
  // --no-rate-limits: raw throughput (the flood scenario measures the limits).
  const args = ['serve', '--durability', 'memory', '--http', '127.0.0.1:0', '--no-stdio', '--no-rate-limits'];
  const child = new NodeChild(TROUPE_CLI, [...args, '--log-level', 'warn', '--http-port-file', portFile]);
  try {
    return await connectHttpServer(child, await readPortFile(child, portFile, PORT_TIMEOUT_MS));
  } catch (error) {
    await child.kill();
    throw error;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export async function openTroupeHttp(options: TroupeHttpOptions): Promise<MeasureSession<CallSample>> {
  const served = await startServeHttp();
  const { client, base } = served;
  let call: ToolCall;
  try {
    call = await toolCall(client, 'check_file_lock');
    await warmUpFor(options.warmupMs, () => callOnce(client, call));
  } catch (error) {
    await served.close();
    throw error;
  }
  let scraped = false;
  return {
    measureRound: async () => {
      const midway = options.measure.sequentialMs + options.measure.pipelinedMs / 2;
      const scrape = scraped ? null : delay(midway).then(() => scrapeMetrics(base));
      scraped = true;
      const sample = await measureCalls(client, call, options.measure);
      if (scrape) options.onScrape('during', await scrape);
      return sample;
    },
    close: async () => {
      const after = await scrapeMetrics(base).catch(() => null);
      if (after !== null) options.onScrape('after', after);
      await served.close();
    },
  };
}
