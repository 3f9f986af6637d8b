/**
 * `troupe/metrics`: the runtime's Prometheus metrics for an embedding service
 * (`createTroupeMetrics`), and the alert rules evaluated over them.
 */
export { COUNT_BOUND } from './domain-metrics.js';
export type { McpMetrics } from './mcp-metrics.js';
export { createTroupeMetrics, type TroupeMetrics, type TroupeMetricsSources } from './troupe-metrics.js';
