/**
 * The agent-registry tools: `register_agent`, `deregister_agent`, `find_agents`,
 * `heartbeat`, `update_agent_status` — each a message to the `AgentRegistry` actor.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { AGENT_STATUSES, type Agent } from '../../../actors/coordination/agent.js';
import type { RegistryMsg, Responsiveness } from '../../../actors/coordination/registry.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import { answerer, OrchestrationSchema, orchestration } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Status = z.enum(AGENT_STATUSES);
const AgentSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  modelType: z.string(),
  modelVersion: z.string(),
  capabilities: z.array(z.string()),
  group: z.string().nullable(),
  heartbeatIntervalS: z.number(),
  status: Status,
  currentTask: z.string().nullable(),
  registeredAt: z.number(),
  lastSeenAt: z.number(),
});
const Context = { agent_id: Id.optional(), session_id: Id.optional() };

export function registerAgentTools(server: McpServer, registry: ActorRef<RegistryMsg>): void {
  const answer = answerer(registry);
  const by = registry.id;
  server.registerTool(
    'register_agent',
    {
      description:
        'Register an agent; returns it and its secret agent_token (keep it: later calls on its behalf need it).',
      inputSchema: {
        id: Id.optional(),
        name: z.string().min(1),
        role: z.string().min(1),
        model_type: z.string().min(1),
        model_version: z.string().min(1),
        capabilities: z.array(z.string().min(1)),
        group: z.string().min(1).optional(),
        heartbeat_interval_s: z.number().positive().optional(),
        ...Context,
      },
      outputSchema: { agent: AgentSchema, agent_token: z.string(), orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: false }),
    },
    (args) =>
      answer<{ agent: Agent; token: string }>(
        {
          type: 'register',
          registration: {
            id: args.id,
            name: args.name,
            role: args.role,
            modelType: args.model_type,
            modelVersion: args.model_version,
            capabilities: args.capabilities,
            group: args.group,
            heartbeatIntervalS: args.heartbeat_interval_s,
          },
        },
        ({ agent, token }) => ({
          agent,
          agent_token: token,
          orchestration: orchestration(by, { ...args, agent_id: agent.id }),
        }),
      ),
  );
  server.registerTool(
    'deregister_agent',
    {
      description: "Remove an agent from the registry (with the agent's token).",
      inputSchema: { agent_id: Id, agent_token: z.string(), session_id: Id.optional() },
      outputSchema: { agent: AgentSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: true, idempotent: false }),
    },
    (args) =>
      answer<Agent>({ type: 'deregister', agentId: args.agent_id, token: args.agent_token }, (agent) => ({
        agent,
        orchestration: orchestration(by, args),
      })),
  );
  server.registerTool(
    'heartbeat',
    {
      description: 'An agent says it is alive (optionally with its status and current task).',
      inputSchema: {
        agent_id: Id,
        agent_token: z.string(),
        status: Status.optional(),
        current_task: z.string().optional(),
        session_id: Id.optional(),
      },
      outputSchema: { agent: AgentSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: true }),
    },
    (args) =>
      answer<Agent>(
        {
          type: 'heartbeat',
          agentId: args.agent_id,
          token: args.agent_token,
          status: args.status,
          currentTask: args.current_task,
        },
        (agent) => ({ agent, orchestration: orchestration(by, args) }),
      ),
  );
  server.registerTool(
    'update_agent_status',
    {
      description: "Set an agent's status (available, working, idle, unresponsive, offline, error).",
      inputSchema: { agent_id: Id, agent_token: z.string(), status: Status, session_id: Id.optional() },
      outputSchema: { agent: AgentSchema, orchestration: OrchestrationSchema },
      annotations: changes({ destructive: false, idempotent: true }),
    },
    (args) =>
      answer<Agent>(
        { type: 'update-status', agentId: args.agent_id, token: args.agent_token, status: args.status },
        (agent) => ({ agent, orchestration: orchestration(by, args) }),
      ),
  );
  server.registerTool(
    'check_agent_responsiveness',
    {
      description:
        'Is an agent responsive? Its status, how long it has been silent, and the heartbeat intervals missed.',
      inputSchema: { agent_id: Id },
      outputSchema: {
        agentId: z.string(),
        status: Status,
        responsive: z.boolean(),
        lastSeenAt: z.number(),
        silentForS: z.number(),
        heartbeatIntervalS: z.number(),
        missedIntervals: z.number(),
      },
      annotations: READS,
    },
    (args) =>
      answer<Responsiveness>({ type: 'responsiveness', agentId: args.agent_id }, (report) => ({ ...report })),
  );
  server.registerTool(
    'find_agents',
    {
      description:
        'Find agents by capabilities (all of them), role, statuses, model type, group, or recent activity.',
      inputSchema: {
        capabilities: z.array(z.string()).optional(),
        role: z.string().optional(),
        statuses: z.array(Status).optional(),
        model_type: z.string().optional(),
        group: z.string().optional(),
        active_within_seconds: z.number().positive().optional(),
      },
      outputSchema: { agents: z.array(AgentSchema) },
      annotations: READS,
    },
    (args) =>
      answer<Agent[]>(
        {
          type: 'find',
          filter: {
            capabilities: args.capabilities,
            role: args.role,
            statuses: args.statuses,
            modelType: args.model_type,
            group: args.group,
            activeWithinSeconds: args.active_within_seconds,
          },
        },
        (agents) => ({ agents }),
      ),
  );
}
