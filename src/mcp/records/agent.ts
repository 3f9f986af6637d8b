/**
 * The agent record over MCP, shaped like the seed's `RegisteredAgent` (snake_case, ISO
 * times): `registered_at`, `last_heartbeat` (the last time the agent was heard from),
 * `model_type`, `current_task`, … plus troupe's `heartbeat_interval_s`. Never a token.
 * It owns the mapping from the domain's `Agent` (`actors/coordination/agents/`) and the schema
 * tools list; not the rules.
 */
import { z } from 'zod';
import { AGENT_STATUSES, type Agent } from '../../../actors/coordination/agents/agent-record.js';
import { IsoTimeSchema, isoTime } from './time.js';

export const AgentStatusSchema = z.enum(AGENT_STATUSES);

export const AgentRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  model_type: z.string(),
  model_version: z.string(),
  capabilities: z.array(z.string()),
  group: z.string().nullable(),
  heartbeat_interval_s: z.number(),
  status: AgentStatusSchema,
  current_task: z.string().nullable(),
  registered_at: IsoTimeSchema,
  last_heartbeat: IsoTimeSchema,
});

export type AgentRecord = z.infer<typeof AgentRecordSchema>;

export function agentRecord(agent: Agent): AgentRecord {
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    model_type: agent.modelType,
    model_version: agent.modelVersion,
    capabilities: [...agent.capabilities],
    group: agent.group,
    heartbeat_interval_s: agent.heartbeatIntervalS,
    status: agent.status,
    current_task: agent.currentTask,
    registered_at: isoTime(agent.registeredAt),
    last_heartbeat: isoTime(agent.lastHeartbeat),
  };
}
