/**
 * `troupe serve`: the MCP server over stdio. stdout carries only MCP; logs are structured
 * (pino) and go to stderr. Durable by default (`commit`) in `./.troupe`.
 *
 * Several `troupe serve` processes on one data directory share one runtime: the first to
 * bind the directory's endpoint hosts it, the others attach their stdio sessions to it,
 * and when the hosting process dies one of them takes over (`host/`). `--mode` says which
 * tools are listed (`src/mcp/modes.ts`); a client message over `--max-message-bytes` is
 * answered with an error and skipped. The process ends when its stdin closes (a hosting
 * process once its attached sessions are gone too), or on SIGTERM / SIGINT. With a gateway
 * config (`--config`, or `troupe.config.*` in the data dir's parent) the hosting process
 * also runs the gateway in front of its MCP servers (`host/gateway-host.ts`); the file's
 * `alerts` section is evaluated every `--alert-interval-s` (`host/alerts-host.ts`), and its
 * `limits` section sets the rate and size limits of every tool call (`host/limits-host.ts`;
 * `--no-rate-limits` turns the rate limits off). The file is read once and each part handed its
 * section (`host/config-file.ts`).
 *
 * `--http [host:]port` also serves MCP (Streamable HTTP) and the health endpoints over HTTP
 * (`http/`), from the process that hosts the runtime: a process that would attach to another
 * host is refused (exit 2) rather than serving HTTP through it. With `--http`, stdio is served
 * only when stdin is a pipe or a socket (an MCP host's) and `--no-stdio` is not given; an
 * HTTP-only process runs until SIGTERM / SIGINT; `--http-port-file` names a file the bound port
 * is written to once it listens (for `--http …:0` at any log level). `--otel` exports traces over OTLP/HTTP (`otel.ts`).
 */
import { fstatSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { dirname, resolve } from 'node:path';
import { findConfigFile } from '../../actors/gateway/config/load-config.js';
import { loadConfigFile } from './host/config-file.js';
import { type Claimed, elect, endpointFor } from './host/endpoint.js';
import { type Link, type LinkEvents, streamLink } from './host/link.js';
import { SessionProxy } from './host/proxy.js';
import type { HostConfig, RuntimeHost } from './host/runtime-host.js';
import { SSE_KEEP_ALIVE_MS } from './http/http-options.js';
import { createLogger } from './logger.js';
import { parseServeOptions, type ServeOptions, UsageError } from './serve-options.js';

export async function serve(argv: string[]): Promise<number> {
  const options = parseServeOptions(argv);
  // Loaded only with --otel: the OpenTelemetry SDK and exporter cost ~0.4 s of CPU to import.
  const otel = options.otel ? (await import('./otel.js')).startOtelExport() : null;
  const level = options['log-level'] ?? (options.mode === 'debug' ? 'debug' : 'info');
  const log = createLogger(level);
  // A bad gateway config is refused before anything starts (main.ts prints its issues, exit 2).
  const configFile = options.config ?? (await findConfigFile(dirname(resolve(options['data-dir']))));
  const loaded = configFile ? await loadConfigFile(resolve(configFile)) : undefined;
  const inboxLimit = options['inbox-limit'] ?? loaded?.limits?.config.inboxMaxMessages ?? undefined;
  const gateway = loaded?.gateway;
  const adminToken = await readAdminToken(options['admin-token-file']);
  if (options.mode === 'disabled' && gateway === undefined) {
    throw new UsageError(
      "--mode disabled is a plain gateway: it needs a gateway config (--config, or troupe.config.json|yaml in the data dir's parent)",
      '--mode',
    );
  }
  const config: HostConfig = {
    dataDir: options['data-dir'],
    durability: options.durability,
    ...(options.threads ? { threads: options.threads } : {}),
    log,
    mode: options.mode,
    maxMessageBytes: options['max-message-bytes'],
    coordination: inboxLimit ? { limits: { inboxMessages: inboxLimit } } : {},
    ...(gateway ? { gateway } : {}),
    ...(loaded?.alerts ? { alerts: loaded.alerts } : {}),
    ...(loaded?.access ? { access: loaded.access } : {}),
    ...(adminToken === null ? {} : { adminToken }),
    ...(loaded?.limits ? { limits: loaded.limits } : {}),
    rateLimits: !options['no-rate-limits'],
    alertIntervalMs: options['alert-interval-s'] * 1000,
  };
  // In memory there is nothing to share: this process hosts a runtime of its own.
  const first = config.durability === 'memory' ? null : await elect(endpointFor(config.dataDir));
  if (options.http !== undefined && first?.role === 'attach') {
    first.socket.destroy();
    throw new UsageError(
      `--http: another troupe serve process hosts the runtime of ${config.dataDir}; HTTP is served by the hosting process (start it there, or use another --data-dir)`,
      '--http',
    );
  }
  const stdio = servesStdio(options);
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  let host: RuntimeHost | null = null;
  let proxy: SessionProxy | null = null;
  let session: Promise<void>;
  if (first === null || first.role === 'host') {
    host = await startHost(config, first?.endpoint ?? null);
    // HTTP only: the session that ends the process is the signal's.
    session = stdio ? host.serveOwn(process.stdin, process.stdout) : new Promise<void>(() => {});
    if (options.http !== undefined) {
      const listener = await host.serveHttp({
        ...options.http,
        token: options['http-token'] ?? null,
        sessionTtlMs: options['http-session-ttl-s'] * 1000,
        maxSessions: options['http-max-sessions'],
        stateless: options['http-stateless'],
        maxBodyBytes: options['max-message-bytes'],
        keepAliveMs: SSE_KEEP_ALIVE_MS,
      });
      const portFile = options['http-port-file'];
      if (portFile !== undefined) await writePortFile(portFile, listener.port);
    }
  } else {
    // Attached: the session goes through a proxy that can carry it over to the next host.
    let attached: Socket | null = first.socket;
    const relink = async (events: LinkEvents): Promise<Link> => {
      if (host) return host.link(events);
      const won = attached
        ? { role: 'attach' as const, socket: attached }
        : await elect(endpointFor(config.dataDir));
      attached = null;
      if (won.role === 'attach') {
        log.info(
          { dataDir: config.dataDir },
          'troupe serve: attached to the runtime hosted by another process',
        );
        return streamLink(won.socket, won.socket, events);
      }
      host = await startHost(config, won.endpoint);
      return host.link(events);
    };
    proxy = new SessionProxy({ input: process.stdin, output: process.stdout }, relink, {
      maxMessageBytes: options['max-message-bytes'],
      onRelink: (attempt) =>
        log.warn({ attempt }, 'troupe serve: the hosting process is gone; linking to the next host'),
      onFailure: (error) => {
        log.fatal({ error }, 'troupe serve: cannot take over the runtime');
        process.exit(1);
      },
    });
    await proxy.start();
    session = proxy.done;
  }
  if (stdio) log.info('troupe serve: ready on stdio');

  // Our MCP host closing stdin ends our session; a hosting process stays for the attached ones.
  await Promise.race([session.then(() => host?.whenIdle()), signalled]);
  // A take-over may be under way: let it settle, so that a runtime it starts is shut down too.
  await proxy?.close();
  await host?.shutdown();
  await otel
    ?.shutdown()
    .catch((error: unknown) => log.warn({ error }, 'troupe serve: traces not all exported'));
  process.stdin.destroy();
  log.info('troupe serve: stopped');
  return 0;
}

/**
 * The bound port, for a script that started us on port 0 and logs at `warn` (the listening
 * line is `info`): written beside and renamed, so a reader never sees a partial file.
 */
async function writePortFile(path: string, port: number): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, `${port}\n`);
  await rename(partial, path);
}

/** Is stdio an MCP session? Always without `--http`; with it, when stdin is a pipe or a socket and `--no-stdio` is not given. */
function servesStdio(options: ServeOptions): boolean {
  if (options.http === undefined) return true;
  if (options['no-stdio']) return false;
  try {
    const stdin = fstatSync(0);
    return stdin.isFIFO() || stdin.isSocket();
  } catch {
    return false;
  }
}

/**
 * Hosts the runtime. The host's modules (the kernel, the domain, the MCP adapter: ~0.9 s of
 * CPU to import on Node 20) are loaded only here: a process that attaches to another host's
 * runtime never needs them.
 */
async function startHost(config: HostConfig, endpoint: Claimed | null): Promise<RuntimeHost> {
  const { RuntimeHost } = await import('./host/runtime-host.js');
  return RuntimeHost.start(config, endpoint);
}

/** The operator's token: the file's first line, else `TROUPE_ADMIN_TOKEN`; null for none. At least 16 characters. */
async function readAdminToken(file: string | undefined): Promise<string | null> {
  let token: string | undefined;
  if (file !== undefined) {
    try {
      token = (await readFile(file, 'utf8')).split('\n')[0]?.trim();
    } catch (error) {
      throw new UsageError(
        `--admin-token-file: cannot be read: ${(error as Error).message}`,
        '--admin-token-file',
      );
    }
  } else token = process.env.TROUPE_ADMIN_TOKEN;
  if (token === undefined || token === '') return null;
  if (token.length < 16)
    throw new UsageError(
      '--admin-token-file: the operator token must be at least 16 characters',
      '--admin-token-file',
    );
  return token;
}
