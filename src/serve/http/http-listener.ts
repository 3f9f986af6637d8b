/**
 * The HTTP listener of `troupe serve --http`: one node:http server in the process that hosts
 * the runtime, serving MCP at `/mcp` (Streamable HTTP: `http-sessions.ts`, or
 * `stateless-mcp.ts` with `--http-stateless`) and the health endpoints (`health-routes.ts`).
 * Routes are a table, so another endpoint (`/metrics`, `/monitoring/dashboard`) is one more
 * entry; the web inspector's page and its JSON are one (`../web/inspector-routes.ts`).
 *
 * Every request passes the guard first (`request-guard.ts`): Host/Origin against DNS
 * rebinding (403), then the bearer token when one is set (401) — except `/healthz`, which a
 * liveness probe must reach without credentials and which tells nothing but "alive". A
 * POST body over `--max-message-bytes` is answered 413 before it is parsed. The bound
 * address is logged as `{"http":{"host","port"}}` (`troupe serve: listening on HTTP`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Dashboard } from '../../mcp/metrics/dashboard.js';
import type { TroupeMetrics } from '../../mcp/metrics/troupe-metrics.js';
import { inspectorRoutes } from '../web/inspector-routes.js';
import { sessionConnector } from '../web/inspector-snapshot.js';
import { type HealthSource, healthRoutes, type Route } from './health-routes.js';
import type { HttpOptions } from './http-options.js';
import { HttpSessions, type SessionFactory } from './http-sessions.js';
import { readBody, writeJson, writeRpcError } from './node-web.js';
import { allowedHostsFor, RequestGuard } from './request-guard.js';
import { serveStateless } from './stateless-mcp.js';

export const MCP_PATH = '/mcp';
export const METRICS_PATH = '/metrics';
export const DASHBOARD_PATH = '/monitoring/dashboard';
/** Routes reachable without the bearer token. */
const OPEN_ROUTES = new Set(['/healthz']);

export interface HttpListenerDeps {
  readonly options: HttpOptions;
  readonly log: Logger;
  readonly createSession: SessionFactory;
  readonly health: Omit<HealthSource, 'httpSessions'>;
  /** Served at `GET /metrics` (Prometheus text format). */
  readonly metrics?: TroupeMetrics;
  /** Served at `GET /monitoring/dashboard` (JSON, seed 004's shape: `../../mcp/metrics/dashboard.ts`). */
  readonly dashboard?: () => Promise<Dashboard>;
}

export interface HttpListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpListener(deps: HttpListenerDeps): Promise<HttpListener> {
  const { options, log, createSession } = deps;
  const sessions = options.stateless
    ? null
    : new HttpSessions({
        system: deps.health.system,
        createSession,
        options,
        log,
        eventsKept: deps.health.durability === 'memory' ? 'memory' : 'store',
      });
  await sessions?.adoptLeftovers();
  const routes = healthRoutes({ ...deps.health, httpSessions: () => sessions?.size ?? 0 });
  const inspector = inspectorRoutes(sessionConnector(createSession));
  const guard = new RequestGuard(allowedHostsFor(options.host), options.token);

  const mcp: Route = async (req, res) => {
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readBody(req, options.maxBodyBytes);
      switch (read.kind) {
        case 'too-large':
          writeRpcError(
            res,
            413,
            -32000,
            `Request body over ${options.maxBodyBytes} bytes (--max-message-bytes)`,
          );
          return;
        case 'client-left':
          log.debug({ path: MCP_PATH }, 'troupe serve: HTTP client left before its request body ended');
          res.destroy();
          return;
        case 'read':
          break;
      }
      try {
        body = JSON.parse(read.text);
      } catch {
        writeRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
        return;
      }
    }
    if (sessions) await sessions.handle(req, res, body);
    else await serveStateless(req, res, body, createSession, options);
  };

  const { metrics } = deps;
  const metricsRoute: Route = async (_req, res) => {
    const text = metrics ? await metrics.text() : '';
    res.writeHead(200, { 'content-type': metrics?.contentType ?? 'text/plain; version=0.0.4' });
    res.end(text);
  };

  const { dashboard } = deps;
  const dashboardRoute: Route = async (_req, res) => {
    writeJson(res, 200, dashboard ? await dashboard() : {});
  };

  const route = (path: string): Route | undefined => {
    if (path === MCP_PATH) return mcp;
    if (path === METRICS_PATH && metrics) return metricsRoute;
    if (path === DASHBOARD_PATH && dashboard) return dashboardRoute;
    const exact = routes.exact.get(path) ?? inspector.exact.get(path);
    if (exact) return exact;
    for (const [prefix, handler] of routes.prefixed) if (path.startsWith(prefix)) return handler;
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = guard.checkOrigin(req);
    if (!origin.ok) {
      log.warn({ reason: origin.reason, path: url.pathname }, 'troupe serve: HTTP request refused');
      writeRpcError(res, origin.status, -32000, origin.reason);
      return;
    }
    if (!OPEN_ROUTES.has(url.pathname) && !inspector.openPaths.has(url.pathname)) {
      const token = guard.checkToken(req);
      if (!token.ok) {
        writeRpcError(res, token.status, -32000, token.reason, { 'www-authenticate': 'Bearer' });
        return;
      }
    }
    const handler = route(url.pathname);
    if (handler === undefined) {
      writeJson(res, 404, { error: { code: 'not_found', message: `no route ${url.pathname}` } });
      return;
    }
    if (handler !== mcp && req.method !== 'GET') {
      writeJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } }, { allow: 'GET' });
      return;
    }
    await handler(req, res, url);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error(
        { error: error instanceof Error ? error.message : String(error) },
        'troupe serve: HTTP request failed',
      );
      if (!res.headersSent) writeRpcError(res, 500, -32603, 'Internal error');
      else res.destroy();
    });
  });
  // SSE streams live long: only the idle keep-alive sockets are timed out.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  log.info(
    {
      http: { host: options.host, port: address.port },
      stateless: options.stateless,
      token: options.token !== null,
    },
    'troupe serve: listening on HTTP',
  );
  return {
    host: options.host,
    port: address.port,
    async close() {
      await sessions?.close();
      await inspector.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
