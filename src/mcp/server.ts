/**
 * The MCP adapter: an `McpServer` whose tools map onto the actor system. It owns no
 * business logic — each tool validates its input (zod), calls the runtime, and answers
 * with `structuredContent` plus the same JSON as text; a failure becomes an `isError`
 * result carrying the error's code and field. It also serves resources (`resources/`):
 * read-only JSON views of the same actors, with change notifications.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Coordination } from '../../actors/coordination/coordination.js';
import type { DeadlockDetector } from '../../actors/supervisors/deadlock/index.js';
import type { ActorSystem } from '../kernel/index.js';
import { READS } from './annotations.js';
import { checkHealth } from './health.js';
import { registerResources } from './resources/register.js';
import { ObservedMcpServer, type ToolCallHub } from './tool-events.js';
import { registerAgentTools } from './tools/agents.js';
import { registerEvaluationTools } from './tools/evaluations.js';
import { registerFrequencyTools } from './tools/frequency.js';
import { registerLockTools } from './tools/locks.js';
import { registerMessagingTools } from './tools/messaging.js';
import { registerProjectTools } from './tools/projects.js';
import { registerRoutingTools } from './tools/routing.js';
import { registerSessionTools } from './tools/sessions.js';
import { registerSystemEventTools } from './tools/system-events.js';
import { registerTaskTools } from './tools/tasks.js';

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

/** The coordination actors the tools and resources talk to, and what `health` reports on. */
export interface McpAdapterOptions extends Coordination {
  /** Names of the supervisors running (reported by `health`). */
  readonly supervisors: readonly string[];
  /** Where lock waits are reported, so that a cycle of waiting agents is broken. */
  readonly deadlockDetector?: DeadlockDetector;
  /** Shared by the sessions of one runtime, so that each announces the others' changes. */
  readonly toolCalls?: ToolCallHub;
}

export function createMcpServer(system: ActorSystem, options: McpAdapterOptions): McpServer {
  const server = new ObservedMcpServer({ name: 'troupe', version: VERSION }, options.toolCalls);
  server.registerTool(
    'health',
    {
      title: 'Health',
      description:
        'Overall health (healthy | degraded | unhealthy) with per-component checks, each bounded by a timeout.',
      inputSchema: {},
      outputSchema: HealthSchema,
      annotations: READS,
    },
    async () => {
      const report = await checkHealth(system, options.supervisors);
      return {
        structuredContent: { ...report, checks: [...report.checks] },
        content: [{ type: 'text', text: JSON.stringify(report) }],
      };
    },
  );
  registerAgentTools(server, options.registry);
  registerMessagingTools(server, options.post);
  registerSystemEventTools(server, options.events);
  registerSessionTools(server, options.sessions);
  registerTaskTools(server, options.tasks);
  registerLockTools(server, options.locks, options.deadlockDetector);
  registerProjectTools(server, options.projects);
  registerEvaluationTools(server, options.projects);
  registerRoutingTools(server, options.router);
  registerFrequencyTools(server, options.traffic);
  registerResources(server, { system, ...options });
  return server;
}
