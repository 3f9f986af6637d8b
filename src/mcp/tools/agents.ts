/**
 * The agent-registry tools: `register_agent`, `deregister_agent`, `find_agents`,
 * `heartbeat`, `update_agent_status`, `check_agent_responsiveness` — each a message to the
 * `AgentRegistry` actor. The session that registers an agent acts for it from then on
 * without its token; deregistering ends that.
 */
import { z } from 'zod';
import { AGENT_STATUSES, type Agent } from '../../../actors/coordination/agent.js';
import {
  deregisterAgent as deregisterInDomain,
  registerAgent as registerInDomain,
  updateAgentStatus as updateStatusInDomain,
} from '../../../actors/coordination/agents/api.js';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { agentCaller } from '../../../actors/coordination/caller.js';
import type { RegistryMsg, Responsiveness } from '../../../actors/coordination/registry.js';
import type { ActorRef } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  AgentRecordSchema,
  agentRecord,
  ResponsivenessRecordShape,
  responsivenessRecord,
} from '../records/index.js';
import type { ToolRegistry } from '../tool-registry.js';
import { answerer } from '../tool-result.js';

const Id = z.string().min(1).max(512);
const Status = z.enum(AGENT_STATUSES);
const Context = { agent_id: Id.optional(), session_id: Id.optional() };
const one = { agent: AgentRecordSchema };

/**
 * TEMPORARY BRIDGE (branch mcp-work, drop when mcp-agents lands): every agent registered,
 * deregistered or given a status through the old registry is mirrored into the rebuilt domain,
 * so that the session, task, project and routing tools (which read the domain's `agents`
 * table) find it.
 */
async function mirrored<T>(
  result: Promise<import('@modelcontextprotocol/sdk/types.js').CallToolResult>,
  mirror: () => Promise<T>,
) {
  const answer = await result;
  if (!answer.isError) await mirror();
  return answer;
}

export function registerAgentTools(
  tools: ToolRegistry,
  registry: ActorRef<RegistryMsg>,
  domain: AgentsDomain | null = null,
): void {
  const answer = answerer(registry);
  const handledBy = registry.id;
  tools.register(
    'register_agent',
    {
      description:
        'Register an agent; returns it and its secret agent_token (this MCP session may then act for it without the token; keep it for other sessions).',
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
      outputSchema: { agent: AgentRecordSchema, agent_token: z.string() },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy,
    },
    (args, call) => {
      let registeredId: string | null = null;
      return mirrored(
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
          ({ agent, token }) => {
            call.prove(agent.id, token);
            registeredId = agent.id;
            return { agent: agentRecord(agent), agent_token: token };
          },
        ),
        async () =>
          domain && registeredId !== null
            ? registerInDomain(domain, agentCaller(registeredId), {
                id: registeredId,
                name: args.name,
                role: args.role,
                modelType: args.model_type,
                modelVersion: args.model_version,
                capabilities: args.capabilities,
                ...(args.group !== undefined ? { group: args.group } : {}),
                ...(args.heartbeat_interval_s !== undefined
                  ? { heartbeatIntervalS: args.heartbeat_interval_s }
                  : {}),
              })
            : null,
      );
    },
  );
  tools.register(
    'deregister_agent',
    {
      description: 'Remove an agent from the registry (by the agent itself).',
      inputSchema: { agent_id: Id, agent_token: z.string(), session_id: Id.optional() },
      outputSchema: one,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy,
      caller: 'agent_id',
    },
    (args, call) =>
      mirrored(
        answer<Agent>({ type: 'deregister', agentId: args.agent_id, token: args.agent_token }, (agent) => {
          call.forget(agent.id);
          return { agent: agentRecord(agent) };
        }),
        async () =>
          domain ? deregisterInDomain(domain, agentCaller(args.agent_id), { agentId: args.agent_id }) : null,
      ),
  );
  tools.register(
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
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
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
        (agent) => ({ agent: agentRecord(agent) }),
      ),
  );
  tools.register(
    'update_agent_status',
    {
      description: "Set an agent's status (available, working, idle, unresponsive, offline, error).",
      inputSchema: { agent_id: Id, agent_token: z.string(), status: Status, session_id: Id.optional() },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy,
      caller: 'agent_id',
    },
    (args) =>
      mirrored(
        answer<Agent>(
          { type: 'update-status', agentId: args.agent_id, token: args.agent_token, status: args.status },
          (agent) => ({ agent: agentRecord(agent) }),
        ),
        async () =>
          domain && args.status !== 'unresponsive'
            ? updateStatusInDomain(domain, agentCaller(args.agent_id), {
                agentId: args.agent_id,
                status: args.status as 'available',
              })
            : null,
      ),
  );
  tools.register(
    'check_agent_responsiveness',
    {
      description:
        'Is an agent responsive? Its status, how long it has been silent, and the heartbeat intervals missed.',
      inputSchema: { agent_id: Id },
      outputSchema: ResponsivenessRecordShape,
      annotations: READS,
      handledBy,
    },
    (args) =>
      answer<Responsiveness>({ type: 'responsiveness', agentId: args.agent_id }, responsivenessRecord),
  );
  tools.register(
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
      outputSchema: { agents: z.array(AgentRecordSchema) },
      annotations: READS,
      handledBy,
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
        (agents) => ({ agents: agents.map(agentRecord) }),
      ),
  );
}
