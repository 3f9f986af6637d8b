/**
 * The health endpoints on the HTTP listener (seeds 000 and 004):
 *
 * | route                   | answers                                                                  |
 * |-------------------------|--------------------------------------------------------------------------|
 * | `/healthz`              | 200 while the process lives                                              |
 * | `/readyz`               | 200 when the store is open, the threads answer and the coordination      |
 * |                         | actors answer; 503 otherwise. Downstream servers are listed apart, with |
 * |                         | their reasons, and never make troupe unready                             |
 * | `/health`               | seed 000's general health, with the `health` tool's checks and process   |
 * |                         | figures (`?gc=1` collects garbage first when node runs `--expose-gc`)   |
 * | `/orchestration/health` | seed 000's orchestration health                                          |
 * | `/servers`, `/servers/{name}` | the gateway's server statuses (empty without a gateway config)     |
 *
 * Every check has its own timeout, so no answer hangs. It owns the answers, not the
 * routing or the guard (`http-listener.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActorSystem } from '../../kernel/index.js';
import { serverStatusRecord } from '../../mcp/gateway/server-records.js';
import { checkHealth } from '../../mcp/health.js';
import type { McpAdapterOptions } from '../../mcp/server.js';
import { writeJson } from './node-web.js';
import { orchestrationStats } from './orchestration-stats.js';

/** What the endpoints read: the host's runtime and adapter, and the listener's own figures. */
export interface HealthSource {
  readonly system: ActorSystem;
  readonly adapter: McpAdapterOptions;
  readonly durability: string;
  readonly httpSessions: () => number;
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface Routes {
  /** By exact path. */
  readonly exact: ReadonlyMap<string, Route>;
  /** By path prefix (the rest of the path is the route's argument). */
  readonly prefixed: ReadonlyMap<string, Route>;
}

const CHECK_TIMEOUT_MS = 2_000;

type Check<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number }
  | { readonly ok: false; readonly reason: string; readonly ms: number };

/** `work`, or the reason it failed or did not answer within the timeout. */
async function bounded<T>(work: () => Promise<T>, timeoutMs = CHECK_TIMEOUT_MS): Promise<Check<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const ms = () => Math.round(performance.now() - started);
  const timeout = new Promise<Check<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms`, ms: ms() }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      work().then(
        (value): Check<T> => ({ ok: true, value, ms: ms() }),
        (error: unknown): Check<T> => ({
          ok: false,
          reason: error instanceof Error ? error.message : String(error),
          ms: ms(),
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(source: HealthSource): Routes {
  const { system, adapter } = source;
  const started = Date.now();
  const gateway = adapter.gateway;
  const mode = adapter.mode ?? 'full';

  const servers = async () => (gateway ? (await gateway.servers()).map(serverStatusRecord) : []);

  const readiness = async () => {
    const [store, threads, coordination, downstream] = await Promise.all([
      bounded(async () => {
        const stats = await system.stats();
        if (stats.store === null) throw new Error('the store is not open');
        return `${(stats.store.sizeBytes / 1_048_576).toFixed(1)} MiB on disk`;
      }),
      bounded(async () => {
        const stats = await system.stats();
        const answering = stats.threads.filter((thread) => thread.thread >= 0).length;
        if (answering < system.options.threads)
          throw new Error(`${answering} of ${system.options.threads} threads answering`);
        return `${answering} threads answering`;
      }),
      bounded(async () => {
        await adapter.watch.ask(
          {
            type: 'watch',
            watcherId: `readyz:${randomUUID()}`,
            topic: 'locks',
            key: '*',
            epoch: null,
            after: null,
          },
          { timeoutMs: CHECK_TIMEOUT_MS },
        );
        return 'the change watch answers';
      }),
      bounded(servers),
    ]);
    const checks = { store, threads, coordination };
    const ready = store.ok && threads.ok && coordination.ok;
    return {
      ready,
      checks: Object.entries(checks).map(([name, check]) => ({
        name,
        ok: check.ok,
        detail: check.ok ? check.value : check.reason,
        ms: check.ms,
      })),
      // Reported apart: troupe is ready when a downstream server is not.
      servers: downstream.ok
        ? downstream.value.map((server) => ({
            name: server.name,
            state: server.state,
            health: server.health,
            ready: server.state === 'running' || server.state === 'idle',
            reasons: [...server.health_reasons, ...(server.last_error ? [server.last_error.message] : [])],
          }))
        : { error: downstream.reason },
    };
  };

  const exact = new Map<string, Route>([
    [
      '/healthz',
      async (_req, res) =>
        writeJson(res, 200, { status: 'ok', uptime_s: Math.round((Date.now() - started) / 1000) }),
    ],
    [
      '/readyz',
      async (_req, res) => {
        const answer = await readiness();
        writeJson(res, answer.ready ? 200 : 503, answer);
      },
    ],
    [
      '/health',
      async (_req, res, url) => {
        const gc = (globalThis as { gc?: () => void }).gc;
        if (url.searchParams.get('gc') === '1' && gc) gc();
        const [report, ready] = await Promise.all([
          bounded(() => checkHealth(system, adapter.supervisors), CHECK_TIMEOUT_MS * 2),
          readiness(),
        ]);
        const available = (name: string) => ready.checks.find((check) => check.name === name)?.ok ?? false;
        const memory = process.memoryUsage();
        const status = report.ok ? report.value.status : 'unhealthy';
        writeJson(res, status === 'unhealthy' ? 503 : 200, {
          status,
          orchestration: {
            orchestration_enabled: mode !== 'disabled',
            services_available: {
              store: available('store'),
              threads: available('threads'),
              coordination: available('coordination'),
              gateway: gateway !== undefined,
            },
            last_check: new Date().toISOString(),
          },
          checks: report.ok ? report.value.checks : [],
          process: {
            uptime_s: Math.round((Date.now() - started) / 1000),
            heap_used_bytes: memory.heapUsed,
            rss_bytes: memory.rss,
            http_sessions: source.httpSessions(),
          },
        });
      },
    ],
    [
      '/orchestration/health',
      async (_req, res) => {
        const stats = await bounded(() => orchestrationStats(adapter));
        writeJson(res, stats.ok ? 200 : 503, {
          orchestration_enabled: mode !== 'disabled',
          health: {
            orchestration_status: stats.ok
              ? {
                  active_agents: stats.value.active_agents,
                  mode,
                  coordination_stats: {
                    active_sessions: stats.value.active_sessions,
                    total_participants: stats.value.total_participants,
                  },
                  ...(stats.value.capped ? { capped: true } : {}),
                }
              : { mode, error: stats.reason },
          },
          config: {
            orchestration_mode: mode,
            durability: source.durability,
            gateway_enabled: gateway !== undefined,
          },
        });
      },
    ],
    [
      '/servers',
      async (_req, res) => {
        const found = await bounded(servers);
        if (found.ok) writeJson(res, 200, { servers: found.value });
        else writeJson(res, 503, { error: found.reason });
      },
    ],
  ]);
  const prefixed = new Map<string, Route>([
    [
      '/servers/',
      async (_req, res, url) => {
        const name = decodeURIComponent(url.pathname.slice('/servers/'.length));
        const found = await bounded(servers);
        if (!found.ok) {
          writeJson(res, 503, { error: found.reason });
          return;
        }
        const server = found.value.find((one) => one.name === name);
        if (server) writeJson(res, 200, server);
        else
          writeJson(res, 404, {
            error: { code: 'not_found', message: `no downstream server is named ${name}`, field: 'name' },
          });
      },
    ],
  ]);
  return { exact, prefixed };
}
