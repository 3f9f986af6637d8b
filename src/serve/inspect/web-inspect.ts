/**
 * `troupe inspect --web [host:]port`: the web inspector's page (`../web/`), served by this
 * process for the runtime of a data directory, which it reads attached read-only through the
 * directory's endpoint (`attach.ts`), as every `troupe inspect` view does — it never starts
 * a runtime of its own. A runtime that goes away is attached again on the next read (another
 * `troupe serve` taking over the directory is followed); meanwhile the page says it is down.
 *
 * Every request passes the same guard as `troupe serve --http`'s (Host/Origin; off loopback
 * the bearer token, checked by `inspect-options.ts` to be set); the page's own files are open,
 * its data is not. GET only. It owns this small listener, not the routes (`inspector-routes.ts`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { writeJson } from '../http/node-web.js';
import { allowedHostsFor, RequestGuard } from '../http/request-guard.js';
import { inspectorRoutes } from '../web/inspector-routes.js';
import { attachToRuntime } from './attach.js';
import type { InspectIo } from './inspect-io.js';
import type { WebInspectOptions } from './inspect-options.js';

/** Serve the page until `io.stop`; 0 when stopped, 1 when no runtime runs there. */
export async function serveWebInspector(options: WebInspectOptions, io: InspectIo): Promise<number> {
  const dataDir = options['data-dir'];
  // Attached once now: a directory without a runtime is said at once, not on the first read.
  let first: Client | null;
  try {
    first = (await attachToRuntime(dataDir)).client;
  } catch (error) {
    io.stderr.write(`troupe inspect: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const connect = async (): Promise<Client> => {
    const ready = first;
    first = null;
    return ready ?? (await attachToRuntime(dataDir)).client;
  };
  const routes = inspectorRoutes(connect);
  const { host, port } = options.web;
  const guard = new RequestGuard(allowedHostsFor(host), options['http-token'] ?? null);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const verdict = guard.checkOrigin(req);
    const allowed = verdict.ok && !routes.openPaths.has(path) ? guard.checkToken(req) : verdict;
    if (!allowed.ok) {
      writeJson(
        res,
        allowed.status,
        { error: { code: allowed.status === 401 ? 'unauthorized' : 'forbidden', message: allowed.reason } },
        allowed.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      );
      return;
    }
    const route = routes.exact.get(path);
    if (route === undefined) {
      writeJson(res, 404, { error: { code: 'not_found', message: `no route ${path}` } });
      return;
    }
    if (req.method !== 'GET') {
      writeJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } }, { allow: 'GET' });
      return;
    }
    await route(req, res, new URL(req.url ?? '/', 'http://localhost'));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      io.stderr.write(`troupe inspect: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) writeJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
      else res.destroy();
    });
  });
  // The page's event stream lives as long as the page.
  server.requestTimeout = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await routes.close();
    io.stderr.write(`troupe inspect: --web ${host}:${port}: ${(error as Error).message}\n`);
    return 1;
  }
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  io.stdout.write(`troupe inspect: the web inspector of ${dataDir} is at http://${shown}:${bound}/\n`);
  await new Promise<void>((resolve) => {
    void io.stop.then(resolve);
    io.stdin.once('end', () => resolve());
    io.stdin.resume();
  });
  io.stdin.pause();
  await routes.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
