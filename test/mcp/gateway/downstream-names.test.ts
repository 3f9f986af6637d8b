/**
 * The pure rules behind the gateway's MCP side: a downstream resource's troupe URI and back
 * (`downstream-uris.ts`), and which server states make `health`'s gateway check degraded
 * (`gateway-health.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../actors/gateway/index.js';
import { gatewayUriOf, parseGatewayUri } from '../../../src/mcp/gateway/downstream-uris.js';
import { troubleOf } from '../../../src/mcp/gateway/gateway-health.js';

describe('downstream resource URIs', () => {
  it('keeps the server’s URI verbatim after troupe://gateway/<server>/, and gives it back', () => {
    for (const [server, uri] of [
      ['everything', 'demo://resource/static/document/architecture.md'],
      ['files', 'file:///tmp/a%20b/c.txt'],
      ['memory', 'memory://knowledge-graph'],
    ] as const) {
      const troupe = gatewayUriOf(server, uri);
      expect(troupe).toBe(`troupe://gateway/${server}/${uri}`);
      expect(parseGatewayUri(troupe)).toEqual({ server, uri });
    }
  });

  it('is null for a URI that names no server and resource', () => {
    for (const uri of [
      'troupe://servers/x',
      'troupe://gateway/',
      'troupe://gateway/x',
      'troupe://gateway/x/',
      'x://y',
    ])
      expect(parseGatewayUri(uri)).toBeNull();
  });
});

describe('servers in trouble, for health', () => {
  const base: ServerStatus = {
    name: 's',
    tags: [],
    capabilities: [],
    transport: 'stdio',
    state: 'running',
    requiredEnvStatus: [],
    restarts: 0,
    toolCount: 1,
    toolHash: 'h',
    latencyMs: { count: 0, p50: 0, p95: 0, p99: 0 },
    callsInFlight: 0,
    callsWaiting: 0,
    circuit: 'closed',
    cache: { hits: 0, misses: 0 },
  };

  it('names crash_loop with its last stderr line, missing_env with the variables, backoff and unhealthy', () => {
    expect(
      troubleOf({
        ...base,
        state: 'crash_loop',
        restarts: 3,
        lastError: { message: 'exited with code 1', stderr: ['starting', 'boom'] },
      }),
    ).toBe('crash_loop after 3 restarts: exited with code 1; stderr: boom');
    expect(
      troubleOf({
        ...base,
        state: 'missing_env',
        requiredEnvStatus: [
          { name: 'A', status: 'set' },
          { name: 'B', status: 'missing' },
        ],
      }),
    ).toBe('missing_env: B');
    expect(troubleOf({ ...base, state: 'backoff', lastError: { message: 'killed', stderr: [] } })).toBe(
      'restarting after a crash: killed',
    );
    expect(
      troubleOf({
        ...base,
        health: { status: 'unhealthy', reasons: ['tools/list timed out'], checkedAt: 0, latencyMs: 0 },
      }),
    ).toBe('unhealthy: tools/list timed out');
  });

  it('leaves healthy, degraded, starting, idle, stopped and disabled servers alone', () => {
    expect(troubleOf(base)).toBeNull();
    expect(
      troubleOf({ ...base, health: { status: 'degraded', reasons: ['slow'], checkedAt: 0, latencyMs: 0 } }),
    ).toBeNull();
    for (const state of ['starting', 'idle', 'stopped', 'disabled'] as const)
      expect(troubleOf({ ...base, state })).toBeNull();
  });
});
