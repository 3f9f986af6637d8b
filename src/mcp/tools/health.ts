/**
 * The `health` tool: the overall `healthy | degraded | unhealthy` with per-component
 * checks (`health.ts`), each bounded by a timeout.
 */
import type { ActorSystem } from '../../kernel/index.js';
import { READS } from '../annotations.js';
import { checkHealth, HealthRecordShape } from '../health.js';
import type { ToolRegistry } from '../tool-registry.js';
import { success } from '../tool-result.js';

export function registerHealthTool(
  tools: ToolRegistry,
  system: ActorSystem,
  supervisors: readonly string[],
): void {
  tools.register(
    'health',
    {
      title: 'Health',
      description:
        'Overall health (healthy | degraded | unhealthy) with per-component checks, each bounded by a timeout.',
      inputSchema: {},
      outputSchema: HealthRecordShape,
      annotations: READS,
      handledBy: 'system',
    },
    async () => success({ ...(await checkHealth(system, supervisors)) }),
  );
}
