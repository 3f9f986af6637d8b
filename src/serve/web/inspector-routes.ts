/**
 * The web inspector's routes, on the HTTP listener of `troupe serve --http` or of
 * `troupe inspect --web`. `/inspector/events` pushes a snapshot at once, then on every change
 * the reader's session hears of and every second (`inspector-snapshot.ts`).
 *
 * | route                          | answers                                                     |
 * |--------------------------------|-------------------------------------------------------------|
 * | `/`                            | the page (`page/index.html`)                                |
 * | `/inspector/<file>`            | its styles and modules (`page/`), a fixed list              |
 * | `/inspector/vendor/cytoscape.mjs` | the graph library, from the installed package (no CDN)   |
 * | `/inspector/state`             | every view, as JSON (`inspector-snapshot.ts`), once          |
 * | `/inspector/events`            | the same, pushed (server-sent events): what the page follows |
 *
 * The page and its files hold no data: they are open (`openPaths`), like `/healthz`, so a
 * browser can load them without a header. The data is not: `/inspector/state` and
 * `/inspector/events` pass the bearer token like every other route, and the page sends it
 * (read from the `#token=` of its address, which a browser never sends to a server). Every
 * route passes the Host/Origin guard.
 * The page may read as an agent (`x-troupe-agent`, `x-troupe-agent-token`: from `#agent=…&
 * agent_token=…`), to see the workflow runs that agent started — a run is its starter's.
 * Read-only: GET only, as the listener enforces. It owns the routes, not the guard or the
 * listener (`../http/http-listener.ts`, or `troupe inspect --web`'s `./web-inspect.ts`).
 * An event stream sends a comment every `SSE_KEEP_ALIVE_MS` (a proxy does not close a quiet one).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Route, Routes } from '../http/health-routes.js';
import { SSE_KEEP_ALIVE_MS } from '../http/http-options.js';
import { writeJson } from '../http/node-web.js';
import type { ReadingAgent } from '../inspect/views.js';
import { type ClientConnector, createSnapshotReader, type FeedUpdate } from './inspector-snapshot.js';

/** The page's files, in the source tree (shipped beside `dist/`), also when run from `dist/`. */
const PAGE_DIRECTORY = new URL('../../../../src/serve/web/page/', import.meta.url);

const TYPES = new Map([
  ['html', 'text/html; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
  ['js', 'text/javascript; charset=utf-8'],
  ['mjs', 'text/javascript; charset=utf-8'],
]);

/** The page's own files: nothing else is served from disk (no path from a request reaches it). */
export const PAGE_FILES = [
  'inspector.css',
  'main.js',
  'dom.js',
  'feed.js',
  'tables.js',
  'tree.js',
  'wait-graph.js',
  'runs.js',
  'run-dag.js',
] as const;

/** Scripts and styles from this server only; no frames (no clickjacking), no other origin. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

export interface InspectorRoutes extends Routes {
  /** Paths reachable without the bearer token (the page and its files: no data). */
  readonly openPaths: ReadonlySet<string>;
  close(): Promise<void>;
}

export function inspectorRoutes(connect: ClientConnector): InspectorRoutes {
  const reader = createSnapshotReader(connect);
  const cache = new Map<string, Promise<Buffer>>();
  const fileRoute =
    (url: URL): Route =>
    async (_req, res) => {
      const key = url.href;
      let body = cache.get(key);
      if (body === undefined) {
        body = readFile(fileURLToPath(url));
        cache.set(key, body);
        body.catch(() => cache.delete(key));
      }
      writeFile(res, url.pathname, await body);
    };

  const files = new Map<string, Route>([
    ['/', fileRoute(new URL('index.html', PAGE_DIRECTORY))],
    ...PAGE_FILES.map((name): [string, Route] => [
      `/inspector/${name}`,
      fileRoute(new URL(name, PAGE_DIRECTORY)),
    ]),
    [
      '/inspector/vendor/cytoscape.mjs',
      fileRoute(new URL(import.meta.resolve('cytoscape/dist/cytoscape.esm.min.mjs'))),
    ],
  ]);
  const exact = new Map<string, Route>([
    ...files,
    [
      '/inspector/state',
      async (req, res) => {
        const agent = readingAgentOf(req);
        if (agent === 'invalid') {
          writeInvalidAgent(res);
          return;
        }
        writeJson(res, 200, await reader.read(agent), PAGE_HEADERS);
      },
    ],
    [
      '/inspector/events',
      async (req, res) => {
        const agent = readingAgentOf(req);
        if (agent === 'invalid') {
          writeInvalidAgent(res);
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          ...PAGE_HEADERS,
        });
        res.flushHeaders();
        const send = (update: FeedUpdate) => {
          const [event, data] =
            update.kind === 'snapshot'
              ? ['snapshot', update.snapshot]
              : ['trouble', { reason: update.reason }];
          res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const stop = reader.follow(agent, send);
        const keepAlive = setInterval(() => res.write(': still here\n\n'), SSE_KEEP_ALIVE_MS);
        res.once('close', () => {
          clearInterval(keepAlive);
          stop();
        });
      },
    ],
  ]);
  return {
    exact,
    prefixed: new Map(),
    openPaths: new Set(files.keys()),
    close: () => reader.close(),
  };
}

function writeInvalidAgent(res: ServerResponse): void {
  writeJson(res, 400, {
    error: { code: 'invalid_input', message: 'x-troupe-agent: 1 to 200 characters', field: 'x-troupe-agent' },
  });
}

/** The agent a page reads as (its headers), null for none, or `invalid`. */
function readingAgentOf(req: IncomingMessage): ReadingAgent | null | 'invalid' {
  const agentId = req.headers['x-troupe-agent'];
  const token = req.headers['x-troupe-agent-token'];
  if (agentId === undefined) return null;
  if (typeof agentId !== 'string' || agentId.length === 0 || agentId.length > 200) return 'invalid';
  return { agentId, token: typeof token === 'string' && token.length > 0 ? token : undefined };
}

function writeFile(res: ServerResponse, path: string, body: Buffer): void {
  const extension = path.slice(path.lastIndexOf('.') + 1);
  res.writeHead(200, {
    'content-type': TYPES.get(extension) ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-cache',
    ...PAGE_HEADERS,
  });
  res.end(body);
}
