/**
 * The `health` tool: the overall `healthy | degraded | unhealthy` with per-component
 * checks (`health.ts`), each bounded by a timeout; with a gateway, its servers are one check.
 */
import type { ActorSystem } from '../../kernel/index.js';
import { READS } from '../annotations.js';
import { checkHealth, type HealthExtras, HealthRecordShape } from '../health.js';
import type { ToolRegistry } from '../tool-registry.js';
import { success } from '../tool-result.js';

export function registerHealthTool(
  tools: ToolRegistry,
  system: ActorSystem,
  supervisors: readonly string[],
  extras: HealthExtras = {},
): void {
  tools.register(
    'health',
    {
      title: 'Health',
      description:
        'Overall health (healthy | degraded | unhealthy) with per-component checks, each bounded by a timeout; with downstream servers, a `gateway` check is degraded naming each server in crash_loop, missing_env, backoff or unhealthy, and why.',
      inputSchema: {},
      outputSchema: HealthRecordShape,
      annotations: READS,
      handledBy: 'system',
    },
    async () => success({ ...(await checkHealth(system, supervisors, extras)) }),
  );
}
