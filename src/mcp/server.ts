/**
 * The MCP adapter: an `McpServer` whose tools map onto the actor system. It owns no
 * business logic — each tool validates its input (zod), calls the runtime, and answers
 * with `structuredContent` plus the same JSON as text; a failure becomes an `isError`
 * result carrying the error's code and field. It also serves resources (`resources/`):
 * read-only JSON views of the same actors, with change notifications.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { LockMsg } from '../../actors/agents/locks.js';
import type { MailWatchMsg } from '../../actors/agents/mail-watch.js';
import type { TrafficMsg } from '../../actors/agents/message-traffic.js';
import type { PostMsg } from '../../actors/agents/post-office.js';
import type { ProjectMsg } from '../../actors/agents/projects.js';
import type { RegistryMsg } from '../../actors/agents/registry.js';
import type { RouterMsg } from '../../actors/agents/routing.js';
import type { SessionMsg } from '../../actors/agents/sessions.js';
import type { TaskMsg } from '../../actors/agents/tasks.js';
import type { DeadlockDetector } from '../../actors/supervisors/deadlock/index.js';
import type { ActorRef } from '../actor/ref.js';
import type { ActorSystem } from '../system/actor-system.js';
import { checkHealth } from './health.js';
import { registerResources } from './resources/register.js';
import { ObservedMcpServer } from './tool-events.js';
import { registerAgentTools } from './tools/agents.js';
import { registerEvaluationTools } from './tools/evaluations.js';
import { registerFrequencyTools } from './tools/frequency.js';
import { registerLockTools } from './tools/locks.js';
import { registerMessagingTools } from './tools/messaging.js';
import { registerProjectTools } from './tools/projects.js';
import { registerRoutingTools } from './tools/routing.js';
import { registerSessionTools } from './tools/sessions.js';
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

export interface McpAdapterOptions {
  /** Names of the supervisors running (reported by `health`). */
  readonly supervisors: readonly string[];
  /** The agent registry actor the agent tools talk to. */
  readonly registry: ActorRef<RegistryMsg>;
  /** The post office actor the messaging tools talk to. */
  readonly post: ActorRef<PostMsg>;
  /** The session board the session tools talk to. */
  readonly sessions: ActorRef<SessionMsg>;
  /** The task board the task tools talk to. */
  readonly tasks: ActorRef<TaskMsg>;
  /** The lock table the file-lock tools talk to. */
  readonly locks: ActorRef<LockMsg>;
  /** The project board the project, goal and evaluation tools talk to. */
  readonly projects: ActorRef<ProjectMsg>;
  /** The router the routing tools talk to. */
  readonly router: ActorRef<RouterMsg>;
  /** Where lock waits are reported, so that a cycle of waiting agents is broken. */
  readonly deadlockDetector?: DeadlockDetector;
  /** The mail watch the inbox subscriptions follow. */
  readonly watch: ActorRef<MailWatchMsg>;
  /** The traffic counter `check_message_frequency` asks. */
  readonly traffic: ActorRef<TrafficMsg>;
}

export function createMcpServer(system: ActorSystem, options: McpAdapterOptions): McpServer {
  const server = new ObservedMcpServer({ name: 'troupe', version: VERSION });
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
  registerAgentTools(server, options.registry);
  registerMessagingTools(server, options.post);
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
