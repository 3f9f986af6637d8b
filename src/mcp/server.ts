/**
 * The MCP adapter: an `McpServer` whose tools map onto the actor system. It owns no
 * business logic — each tool validates its input (zod), calls the runtime, and answers
 * with `structuredContent` plus the same JSON as text; a failure becomes an `isError`
 * result carrying the error's code. (The coordination tools arrive with the domain actors.)
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ActorSystem } from '../system/actor-system.js';
import { checkHealth } from './health.js';

const VERSION = '0.1.0';

const ComponentCheckSchema = z.object({
  name: z.enum(['threads', 'mailboxes', 'supervisors', 'incidents']),
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  detail: z.string(),
  ms: z.number(),
});

const HealthSchema = {
  status: z.enum(['healthy', 'degraded', 'unhealthy']),
  checks: z.array(ComponentCheckSchema),
  checkedAt: z.string(),
};

export interface McpAdapterOptions {
  /** Names of the supervisors running (reported by `health`). */
  readonly supervisors: readonly string[];
}

export function createMcpServer(system: ActorSystem, options: McpAdapterOptions): McpServer {
  const server = new McpServer({ name: 'troupe', version: VERSION });
  server.registerTool(
    'health',
    {
      title: 'Health',
      description:
        'Overall health (healthy | degraded | unhealthy) with per-component checks, each bounded by a timeout.',
      inputSchema: {},
      outputSchema: HealthSchema,
      annotations: { readOnlyHint: true, idempotentHint: true, destructiveHint: false, openWorldHint: false },
    },
    async () => {
      const report = await checkHealth(system, options.supervisors);
      return {
        structuredContent: { ...report, checks: [...report.checks] },
        content: [{ type: 'text', text: JSON.stringify(report) }],
      };
    },
  );
  return server;
}
