/**
 * The monitoring dashboard's data (`GET /monitoring/dashboard`, seed 004's shape):
 *
 * ```json
 * { "metrics": { "workflow_executions": { "latest": 150, "trend": 5 }, … },
 *   "alerts": { "total": 10, "firing": 1, "resolved": 9, "pending": 0 },
 *   "traces": { "total": 1000, "successRate": 98.5, "averageDuration": 1250 },
 *   "healthChecks": { "total": 7, "healthy": 6, "degraded": 1, "unhealthy": 0 } }
 * ```
 *
 * `metrics` are a fixed set of series read from the registry (the sum of a family's samples):
 * `latest` now, `trend` its change since the previous dashboard read (0 on the first).
 * `alerts` counts the rules by state (`../records/alert.ts`). `traces` are the MCP operations
 * answered (`troupe_mcp_server_operation_duration_seconds`): how many, the percentage answered
 * without an error, their mean duration in milliseconds. `healthChecks` counts the `health`
 * tool's checks by status. It owns the assembly, not the measurements.
 */
import type { Registry } from 'prom-client';
import type { AlertEngine } from '../alerts/alert-engine.js';
import type { HealthReport } from '../health.js';
import { alertCounts, alertRuleRecords } from '../records/alert.js';

/** Dashboard name → the series summed for it. */
export const DASHBOARD_SERIES: ReadonlyMap<string, string> = new Map([
  ['mcp_requests', 'troupe_mcp_server_operation_duration_seconds_count'],
  ['active_sessions', 'troupe_mcp_sessions_open'],
  ['workflow_executions', 'troupe_workflow_runs_total'],
  ['agents', 'troupe_agents'],
  ['tasks', 'troupe_tasks'],
  ['messages_sent', 'troupe_messages_sent_total'],
  ['dead_letters', 'troupe_dead_letters_total'],
  ['actor_restarts', 'troupe_actor_restarts_total'],
]);

const OPERATIONS_COUNT = 'troupe_mcp_server_operation_duration_seconds_count';
const OPERATIONS_SUM = 'troupe_mcp_server_operation_duration_seconds_sum';

export interface Dashboard {
  readonly metrics: Record<string, { readonly latest: number; readonly trend: number }>;
  readonly alerts: {
    readonly total: number;
    readonly firing: number;
    readonly resolved: number;
    readonly pending: number;
  };
  readonly traces: { readonly total: number; readonly successRate: number; readonly averageDuration: number };
  readonly healthChecks: {
    readonly total: number;
    readonly healthy: number;
    readonly degraded: number;
    readonly unhealthy: number;
  };
}

export interface DashboardSources {
  readonly registry: Registry;
  /** MCP requests answered and failed so far (`McpMetrics.operations`). */
  readonly operations: { readonly total: number; readonly failed: number };
  readonly health: () => Promise<HealthReport>;
  readonly alerts?: AlertEngine;
}

/** A reader of the dashboard; each read's `trend` is taken against the previous read. */
export function createDashboard(sources: DashboardSources): () => Promise<Dashboard> {
  const previous = new Map<string, number>();
  return async () => {
    const [sums, health] = await Promise.all([sumsOf(sources.registry), sources.health()]);
    const metrics: Record<string, { latest: number; trend: number }> = Object.create(null);
    for (const [name, series] of DASHBOARD_SERIES) {
      const latest = sums.get(series) ?? 0;
      metrics[name] = { latest, trend: latest - (previous.get(name) ?? latest) };
      previous.set(name, latest);
    }
    const count = sums.get(OPERATIONS_COUNT) ?? 0;
    const { total, failed } = sources.operations;
    const rules = sources.alerts ? alertRuleRecords(sources.alerts) : [];
    const counts = alertCounts(rules);
    const checks = (status: string) => health.checks.filter((check) => check.status === status).length;
    return {
      metrics: { ...metrics },
      alerts: {
        total: counts.total,
        firing: counts.firing,
        resolved: counts.resolved,
        pending: counts.pending,
      },
      traces: {
        total: count,
        successRate: total === 0 ? 100 : round(((total - failed) / total) * 100),
        averageDuration: count === 0 ? 0 : round(((sums.get(OPERATIONS_SUM) ?? 0) / count) * 1000),
      },
      healthChecks: {
        total: health.checks.length,
        healthy: checks('healthy'),
        degraded: checks('degraded'),
        unhealthy: checks('unhealthy'),
      },
    };
  };
}

/** Each series' samples summed, by series name (a histogram's `_count` and `_sum` included). */
async function sumsOf(registry: Registry): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (const family of await registry.getMetricsAsJSON())
    for (const sample of family.values) {
      const name = (sample as { metricName?: string }).metricName ?? family.name;
      sums.set(name, (sums.get(name) ?? 0) + sample.value);
    }
  return sums;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
