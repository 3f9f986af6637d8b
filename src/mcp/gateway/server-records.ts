/**
 * The gateway's answers as troupe's tools and resources show them (seed 001's field names,
 * snake_case): a server's status (`get_server_status`, `list_servers`,
 * `troupe://servers`), what a server offers (`discover_capabilities`) and a routed call
 * (`route_request`) — the records and their zod shapes. It owns the shapes, not the facts
 * (the gateway's `ServerStatus`, `CapabilityReport`, `ToolCallResult`).
 */

import { z } from 'zod';
import type { ToolCallResult } from '../../../actors/gateway/call-events.js';
import type { CapabilityReport, ServerStatus } from '../../../actors/gateway/index.js';
import { isoTime } from '../records/time.js';

export const ServerStatusShape = {
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  provider: z.string().optional(),
  tags: z.array(z.string()),
  capabilities: z.array(z.string()),
  transport: z.enum(['stdio', 'http']),
  state: z.string(),
  since: z.string().nullable(),
  pgid: z.number().nullable(),
  /** Seed 001: each required variable, `true` when set. */
  required_env_status: z.record(z.string(), z.boolean()),
  restarts: z.number(),
  /** Who asked for the last restart (`restart_server`: the proven agent), and when; null: nobody yet. */
  last_restart: z.object({ by: z.string(), at: z.string() }).nullable(),
  last_error: z.object({ message: z.string(), stderr: z.array(z.string()) }).nullable(),
  health: z.string(),
  health_reasons: z.array(z.string()),
  tool_count: z.number(),
  tool_hash: z.string(),
  latency_ms: z.object({ count: z.number(), p50: z.number(), p95: z.number(), p99: z.number() }),
  calls_in_flight: z.number(),
  calls_waiting: z.number(),
  circuit: z.enum(['closed', 'open', 'half-open']),
  /** Hits of the cached answers this server gave, and the misses it then answered. */
  cache: z.object({ hits: z.number(), misses: z.number() }),
};
export const ServerStatusSchema = z.object(ServerStatusShape);
export type ServerStatusRecord = z.infer<typeof ServerStatusSchema>;

export function serverStatusRecord(status: ServerStatus): ServerStatusRecord {
  return {
    name: status.name,
    ...(status.title === undefined ? {} : { title: status.title }),
    ...(status.description === undefined ? {} : { description: status.description }),
    ...(status.provider === undefined ? {} : { provider: status.provider }),
    tags: [...status.tags],
    capabilities: [...status.capabilities],
    transport: status.transport,
    state: status.state,
    since: status.since === undefined ? null : isoTime(status.since),
    pgid: status.pgid ?? null,
    // Object.fromEntries defines own properties: a variable named `__proto__` stays a key.
    required_env_status: Object.fromEntries(
      status.requiredEnvStatus.map(({ name, status: set }) => [name, set === 'set']),
    ),
    restarts: status.restarts,
    last_restart: status.lastRestart
      ? { by: status.lastRestart.by, at: isoTime(status.lastRestart.at) }
      : null,
    last_error: status.lastError
      ? { message: status.lastError.message, stderr: [...status.lastError.stderr] }
      : null,
    health: status.health?.status ?? 'unknown',
    health_reasons: [...(status.health?.reasons ?? [])],
    tool_count: status.toolCount,
    tool_hash: status.toolHash,
    latency_ms: { ...status.latencyMs },
    calls_in_flight: status.callsInFlight,
    calls_waiting: status.callsWaiting,
    circuit: status.circuit,
    cache: { ...status.cache },
  };
}

export const CapabilityShape = {
  servers: z.array(
    z.object({
      server: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
      provider: z.string().optional(),
      tags: z.array(z.string()),
      capabilities: z.array(z.string()),
      state: z.string(),
      health: z.string(),
      tools: z.array(z.string()),
    }),
  ),
};

export function capabilityRecord(report: CapabilityReport): z.infer<z.ZodObject<typeof CapabilityShape>> {
  return {
    servers: report.servers.map((entry) => ({
      ...entry,
      tags: [...entry.tags],
      capabilities: [...entry.capabilities],
      tools: [...entry.tools],
    })),
  };
}

export const RoutedCallShape = {
  /** The downstream result as the server gave it. */
  result: z.record(z.string(), z.unknown()),
  server: z.string().nullable(),
  group: z.string(),
  tool: z.string(),
  cached: z.boolean(),
  attempts: z.number(),
  duration_ms: z.number(),
};

export function routedCallRecord(answer: ToolCallResult): z.infer<z.ZodObject<typeof RoutedCallShape>> {
  return {
    result: { ...answer.result },
    server: answer.server ?? null,
    group: answer.group,
    tool: answer.tool,
    cached: answer.cached,
    attempts: answer.attempts.length,
    duration_ms: answer.durationMs,
  };
}
