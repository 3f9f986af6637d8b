/**
 * The gateway's metric families, per downstream server (server names come from the config
 * file: a bounded set). State, latency and cache hits are read from `gateway.servers()` at
 * each scrape; calls and failures are counted from each call's outcome (`onCallSettled`),
 * an attempt at a time (a failed-over call counts on every server it tried):
 *
 * | family | type | labels |
 * |---|---|---|
 * | `troupe_gateway_server_state` | gauge (1 for the current state) | `server`, `state` |
 * | `troupe_gateway_server_restarts_total` | counter | `server` |
 * | `troupe_gateway_calls_total` | counter | `server` |
 * | `troupe_gateway_call_failures_total` | counter | `server`, `code` |
 * | `troupe_gateway_latency_seconds` | gauge | `server`, `quantile` (0.5, 0.95, 0.99 of the recent calls) |
 * | `troupe_gateway_calls_in_flight` | gauge | `server` |
 * | `troupe_gateway_cache_hits_total` | counter | `server` |
 */
import { Counter, type Registry } from 'prom-client';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import type { ServerStatus } from '../../../actors/gateway/server/server-messages.js';
import { collectedCounter, collectedGauge, perScrape } from './families.js';

const STATES = ['stopped', 'disabled', 'missing_env', 'starting', 'running', 'idle', 'backoff', 'crash_loop'];

export function registerGatewayMetrics(registry: Registry, gateway: Gateway): () => void {
  const servers = perScrape<ServerStatus[]>(() => gateway.servers());
  collectedGauge(
    registry,
    'troupe_gateway_server_state',
    'Each downstream server: 1 for its current state, 0 for the others',
    ['server', 'state'],
    async () =>
      (await servers()).flatMap((server) =>
        STATES.map((state) => ({
          labels: { server: server.name, state },
          value: server.state === state ? 1 : 0,
        })),
      ),
  );
  collectedCounter(
    registry,
    'troupe_gateway_server_restarts_total',
    'Restarts of each downstream server',
    ['server'],
    async () =>
      (await servers()).map((server) => ({ labels: { server: server.name }, value: server.restarts })),
  );
  collectedGauge(
    registry,
    'troupe_gateway_latency_seconds',
    "Latency of each downstream server's recent calls, by quantile",
    ['server', 'quantile'],
    async () =>
      (await servers()).flatMap(({ name, latencyMs }) =>
        latencyMs.count === 0
          ? []
          : [
              { labels: { server: name, quantile: '0.5' }, value: latencyMs.p50 / 1000 },
              { labels: { server: name, quantile: '0.95' }, value: latencyMs.p95 / 1000 },
              { labels: { server: name, quantile: '0.99' }, value: latencyMs.p99 / 1000 },
            ],
      ),
  );
  collectedGauge(
    registry,
    'troupe_gateway_calls_in_flight',
    'Calls running on each downstream server now',
    ['server'],
    async () =>
      (await servers()).map((server) => ({ labels: { server: server.name }, value: server.callsInFlight })),
  );
  collectedCounter(
    registry,
    'troupe_gateway_cache_hits_total',
    "Calls answered from the gateway's result cache, by server",
    ['server'],
    async () =>
      (await servers()).map((server) => ({ labels: { server: server.name }, value: server.cache.hits })),
  );
  const calls = new Counter({
    name: 'troupe_gateway_calls_total',
    help: 'Attempts of tool calls on each downstream server',
    labelNames: ['server'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'troupe_gateway_call_failures_total',
    help: 'Failed attempts of tool calls on each downstream server, by error code',
    labelNames: ['server', 'code'],
    registers: [registry],
  });
  return gateway.onCallSettled((settled) => {
    if (!settled.ok) {
      const error = settled.error as { code?: unknown; server?: unknown; details?: { server?: unknown } };
      const server = typeof error.server === 'string' ? error.server : '(none)';
      failures.inc({ server, code: typeof error.code === 'string' ? error.code : 'internal' });
      return;
    }
    for (const attempt of settled.result.attempts) {
      calls.inc({ server: attempt.server });
      if (attempt.error) failures.inc({ server: attempt.server, code: attempt.error.code });
    }
  });
}
