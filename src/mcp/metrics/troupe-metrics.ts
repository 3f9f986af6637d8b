/**
 * `createTroupeMetrics`: every metric family of one runtime on one prom-client `Registry` —
 * the kernel's (`kernel-metrics.ts`), the domain's and the workflows' (`domain-metrics.ts`),
 * MCP's (`mcp-metrics.ts`) and the gateway's (`gateway-metrics.ts`). `troupe serve` serves it
 * at `GET /metrics`; an embedding service makes its own and serves `registry.metrics()` where
 * it likes (or merges it with its registry).
 *
 * ```ts
 * import { createTroupeMetrics } from 'troupe/metrics';
 * const metrics = createTroupeMetrics({ system, coordination });
 * app.get('/metrics', async (_req, res) => res.type(metrics.contentType).send(await metrics.text()));
 * ```
 *
 * Names follow Prometheus's conventions: `troupe_` prefix, base units (seconds, bytes),
 * `_total` counters; no label takes an unbounded value (no agent, run or session ids). It
 * owns the assembly; what each family measures is said in its file.
 */
import { Registry } from 'prom-client';
import type { Coordination } from '../../../actors/coordination/coordination.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import type { DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import type { WorkflowEngine } from '../../../actors/workflows/index.js';
import type { ActorSystem } from '../../kernel/index.js';
import type { ToolCallHub } from '../tool-events.js';
import { registerDomainMetrics } from './domain-metrics.js';
import { registerGatewayMetrics } from './gateway-metrics.js';
import { registerKernelMetrics } from './kernel-metrics.js';
import { type McpMetrics, registerMcpMetrics } from './mcp-metrics.js';

export interface TroupeMetricsSources {
  readonly system: ActorSystem;
  /** The coordination domain: agents and tasks by status (and, with `toolCalls`, messages and locks). */
  readonly coordination?: Coordination;
  /** The tool calls of the runtime's MCP sessions (messages sent and delivered, lock grants). */
  readonly toolCalls?: ToolCallHub;
  /** Lock waits. */
  readonly deadlockDetector?: DeadlockDetector;
  /** Workflow runs and step durations. */
  readonly workflows?: WorkflowEngine;
  readonly gateway?: Gateway;
}

export interface TroupeMetrics {
  readonly registry: Registry;
  /** The Prometheus text format's content type. */
  readonly contentType: string;
  /** MCP's families: pass to `createMcpServer` (`McpAdapterOptions.metrics`) so its sessions are measured. */
  readonly mcp: McpMetrics;
  /** The whole registry in the Prometheus text format. */
  text(): Promise<string>;
  /** Stop listening to the runtime's events. */
  close(): void;
}

export function createTroupeMetrics(sources: TroupeMetricsSources): TroupeMetrics {
  const registry = new Registry();
  const stops = [registerKernelMetrics(registry, sources.system)];
  const mcp = registerMcpMetrics(registry);
  if (sources.coordination)
    stops.push(
      registerDomainMetrics(registry, {
        coordination: sources.coordination,
        ...(sources.toolCalls ? { hub: sources.toolCalls } : {}),
        ...(sources.deadlockDetector ? { detector: sources.deadlockDetector } : {}),
        ...(sources.workflows ? { workflows: sources.workflows } : {}),
      }),
    );
  if (sources.gateway) stops.push(registerGatewayMetrics(registry, sources.gateway));
  return {
    registry,
    contentType: registry.contentType,
    mcp,
    text: () => registry.metrics(),
    close: () => {
      for (const stop of stops) stop();
    },
  };
}
