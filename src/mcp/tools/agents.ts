/**
 * The agent-registry tools (seed 003: `register_agent`, `deregister_agent`, `find_agents`,
 * `check_agent_responsiveness`; troupe's `heartbeat`, `update_agent_status`) — each a call of
 * the agents facade (`actors/coordination/agents/api.ts`): writes go to the agent's own actor
 * `agent:<id>`, reads to the `agents` tables. The session that registers an agent acts for it
 * from then on without its token; deregistering ends that. Reads are public: an agent's record
 * holds no message contents and no secrets.
 */
import { z } from 'zod';
import { RoleNameSchema } from '../../../actors/access/access-config.js';
import { SETTABLE_STATUSES } from '../../../actors/coordination/agents/agent-record.js';
import {
  checkResponsiveness,
  deregisterAgent,
  findAgents,
  heartbeat,
  registerAgent,
  updateAgentStatus,
} from '../../../actors/coordination/agents/api.js';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { agentActorId } from '../../../actors/coordination/ids.js';
import { tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import { changes, READS } from '../annotations.js';
import { AgentRecordSchema, AgentStatusSchema, agentRecord } from '../records/agent.js';
import { ResponsivenessRecordShape, responsivenessRecord } from '../records/reports.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure } from '../tool-result.js';
import { answer, Id, Label, PageFields } from './mail.js';

const SettableStatus = z.enum(SETTABLE_STATUSES);
const Acting = { agent_id: Id, agent_token: z.string(), session_id: Id.optional() };
const one = { agent: AgentRecordSchema };
/** What the facade reads: the agents tables (no one actor answers a read). */
const TABLES = 'agents';

export function registerAgentTools(tools: ToolRegistry, domain: AgentsDomain): void {
  tools.register(
    'register_agent',
    {
      description:
        'Register an agent (seed 003); returns it and its secret agent_token (this MCP session may then act for it without the token; keep the token for other sessions). ' +
        'A deregistered id may be registered again: the new registration starts empty (no mail, subscriptions or evaluations of the old one) with a new token.',
      inputSchema: {
        id: Id.optional().describe('unique agent id (generated when left out)'),
        name: z.string().min(1).max(256),
        role: Label,
        model_type: Label,
        model_version: Label,
        capabilities: z.array(Label).max(64),
        group: Label.optional(),
        heartbeat_interval_s: z.number().min(0.1).max(604_800).optional(),
        agent_id: Id.optional(),
        session_id: Id.optional(),
        roles: z
          .array(RoleNameSchema)
          .max(32)
          .optional()
          .describe(
            "policy roles (the config file's roles section): only the operator or an agent whose role grants them may give them; left out: the default role",
          ),
      },
      outputSchema: { agent: AgentRecordSchema, agent_token: z.string() },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: TABLES,
    },
    async (args, call) => {
      const grant = call.gate?.grantFor(args.roles ?? [], call.proven, args);
      // Without access control a registration gives no grant: no roles, no tenant, a token that never expires.
      if (grant && !grant.ok) return failure(grant.error);
      if (call.gate === null && args.roles !== undefined)
        return failure({
          code: 'invalid_argument',
          message: 'roles need a roles policy (the config file has no roles section)',
          field: 'roles',
        });
      const registered = await registerAgent(
        domain,
        call.caller,
        {
          ...(args.id === undefined ? {} : { id: args.id }),
          name: args.name,
          role: args.role,
          modelType: args.model_type,
          modelVersion: args.model_version,
          capabilities: args.capabilities,
          ...(args.group === undefined ? {} : { group: args.group }),
          ...(args.heartbeat_interval_s === undefined
            ? {}
            : { heartbeatIntervalS: args.heartbeat_interval_s }),
        },
        grant?.value,
      );
      return answer(registered, ({ agent, token }) => {
        call.prove(agent.id, token);
        call.answeredBy(agentActorId(agent.id));
        return { agent: agentRecord(agent), agent_token: token };
      });
    },
  );
  tools.register(
    'deregister_agent',
    {
      description:
        'Remove an agent from the system (seed 003), by the agent itself. Its records are closed: its inbox, its own event subscriptions and its evaluations are purged, and its leases and tasks are let go. ' +
        'The id may be registered again later; that registration starts empty, with a new token — it inherits nothing.',
      inputSchema: Acting,
      outputSchema: one,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy: TABLES,
      caller: 'agent_id',
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      return answer(await deregisterAgent(domain, call.caller, { agentId: args.agent_id }), (agent) => {
        call.forget(agent.id);
        return { agent: agentRecord(agent) };
      });
    },
  );
  tools.register(
    'heartbeat',
    {
      description:
        'An agent says it is alive (optionally with its status and current task); a silent agent turns unresponsive, then offline.',
      inputSchema: {
        ...Acting,
        status: SettableStatus.optional(),
        current_task: z.string().max(1_024).nullable().optional().describe('null clears it'),
      },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: TABLES,
      caller: 'agent_id',
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      const beat = await heartbeat(domain, call.caller, {
        agentId: args.agent_id,
        ...(args.status === undefined ? {} : { status: args.status }),
        ...(args.current_task === undefined ? {} : { currentTask: args.current_task }),
      });
      return answer(beat, (agent) => ({ agent: agentRecord(agent) }));
    },
  );
  tools.register(
    'update_agent_status',
    {
      description: `Set the calling agent's status (${SETTABLE_STATUSES.join(', ')}); "unresponsive" is only the system's verdict on a silent agent.`,
      inputSchema: { ...Acting, status: SettableStatus },
      outputSchema: one,
      annotations: changes({ destructive: false, idempotent: true }),
      handledBy: TABLES,
      caller: 'agent_id',
    },
    async (args, call) => {
      call.answeredBy(agentActorId(args.agent_id));
      const updated = await updateAgentStatus(domain, call.caller, {
        agentId: args.agent_id,
        status: args.status,
      });
      return answer(updated, (agent) => ({ agent: agentRecord(agent) }));
    },
  );
  tools.register(
    'check_agent_responsiveness',
    {
      description:
        'Is an agent responsive (seed 003)? Responsive: not offline or failed, and heard from within threshold_seconds (left out: as its status says). ' +
        'Also how long it has been silent and the heartbeat intervals missed. Unknown id → unknown_agent.',
      inputSchema: {
        agent_id: Id,
        threshold_seconds: z
          .number()
          .positive()
          .optional()
          .describe('maximum allowed time since last heartbeat'),
        session_id: Id.optional(),
      },
      outputSchema: ResponsivenessRecordShape,
      annotations: READS,
      handledBy: TABLES,
    },
    async (args) =>
      answer(await checkResponsiveness(domain, args.agent_id, args.threshold_seconds), responsivenessRecord),
  );
  tools.register(
    'find_agents',
    {
      description:
        'Find agents (seed 003) by capabilities (all of them), role, statuses (any of them), model type, group, or activity within active_within_seconds; by id, paged (next_cursor).',
      inputSchema: {
        capabilities: z.array(Label).max(64).optional(),
        role: Label.optional(),
        statuses: z.array(AgentStatusSchema).optional(),
        model_type: Label.optional(),
        group: Label.optional(),
        active_within_seconds: z.number().positive().optional(),
        ...PageFields,
      },
      outputSchema: { agents: z.array(AgentRecordSchema), next_cursor: z.string().nullable() },
      annotations: READS,
      handledBy: TABLES,
    },
    async (args, call) => {
      const found = await findAgents(
        domain,
        {
          ...(args.capabilities === undefined ? {} : { capabilities: args.capabilities }),
          ...(args.role === undefined ? {} : { role: args.role }),
          ...(args.statuses === undefined ? {} : { statuses: args.statuses }),
          ...(args.model_type === undefined ? {} : { modelType: args.model_type }),
          ...(args.group === undefined ? {} : { group: args.group }),
          ...(args.active_within_seconds === undefined
            ? {}
            : { activeWithinSeconds: args.active_within_seconds }),
        },
        {
          ...(args.cursor === undefined ? {} : { cursor: args.cursor }),
          ...(args.limit === undefined ? {} : { limit: args.limit }),
        },
        tenantScopeOf(domain.system, call.caller),
      );
      return answer(found, (page) => ({
        agents: page.items.map(agentRecord),
        next_cursor: page.next_cursor,
      }));
    },
  );
}
