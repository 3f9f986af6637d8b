/**
 * The agent record and the rules of the registry that are pure data: statuses and the
 * filters of `find_agents`. (What every request answers with — a value or a refusal — is
 * the kernel's `Outcome`, made with `refuse`.)
 */
export const AGENT_STATUSES = ['available', 'working', 'idle', 'unresponsive', 'offline', 'error'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly modelType: string;
  readonly modelVersion: string;
  readonly capabilities: readonly string[];
  readonly group: string | null;
  readonly heartbeatIntervalS: number;
  readonly status: AgentStatus;
  readonly currentTask: string | null;
  readonly registeredAt: number;
  readonly lastSeenAt: number;
}

/** An agent as stored: with the hash of its secret token (the token itself is never kept). */
export interface StoredAgent extends Agent {
  readonly tokenHash: string;
}

export interface AgentFilter {
  readonly capabilities?: readonly string[];
  readonly role?: string;
  readonly statuses?: readonly AgentStatus[];
  readonly modelType?: string;
  readonly group?: string;
  readonly activeWithinSeconds?: number;
}

export function matches(agent: Agent, filter: AgentFilter, now: number): boolean {
  if (filter.capabilities && !filter.capabilities.every((c) => agent.capabilities.includes(c))) return false;
  if (filter.role !== undefined && agent.role !== filter.role) return false;
  if (filter.statuses && !filter.statuses.includes(agent.status)) return false;
  if (filter.modelType !== undefined && agent.modelType !== filter.modelType) return false;
  if (filter.group !== undefined && agent.group !== filter.group) return false;
  if (filter.activeWithinSeconds !== undefined && now - agent.lastSeenAt > filter.activeWithinSeconds * 1000)
    return false;
  return true;
}

/** The public view: everything but the token hash. */
export function publicAgent(agent: StoredAgent): Agent {
  const { tokenHash: _hidden, ...visible } = agent;
  return visible;
}
