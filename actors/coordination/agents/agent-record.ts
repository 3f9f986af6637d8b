/**
 * An agent as the domain shows it (seed 003's `RegisteredAgent`, camelCase, epoch-ms times),
 * its statuses, the tables that index it, and the pure rules over records: the filters of
 * `findAgents` and the liveness thresholds. The agent actor (`agent-actor.ts`) keeps the
 * record; this module owns no state and does no I/O.
 *
 * Tables (written by `agent:<id>` with its turn, read on the main thread):
 *   agents                [id]         → AgentSummary (the public record, and its generation)
 *   agents-by-role        [role, id]   → 0
 *   agents-by-capability  [cap, id]    → 0
 */

/** Every status an agent can have; `unresponsive` is the system's verdict on a silent agent. */
export const AGENT_STATUSES = ['available', 'working', 'idle', 'unresponsive', 'offline', 'error'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The statuses an agent may give itself (seed 003's five): `unresponsive` only silence sets. */
export const SETTABLE_STATUSES = ['available', 'working', 'idle', 'offline', 'error'] as const;
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

/** Missed heartbeat intervals after which an agent is unresponsive, and then offline. */
export const UNRESPONSIVE_AFTER = 2;
export const OFFLINE_AFTER = 5;

/** Longest role, capability, group, model type or version: each may be part of an index key. */
export const MAX_LABEL_CHARS = 128;
/** Capabilities of one agent, at most. */
export const MAX_CAPABILITIES = 64;

export const AGENTS_TABLE = 'agents';
export const AGENTS_BY_ROLE_TABLE = 'agents-by-role';
export const AGENTS_BY_CAPABILITY_TABLE = 'agents-by-capability';

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
  /** When it was last heard from: registration, heartbeat or status update. */
  readonly lastHeartbeat: number;
}

/** As the `agents` table keeps it: with the registration it belongs to (what inbox reads need). */
export interface AgentSummary extends Agent {
  readonly generation: number;
}

/** The public record of a summary. */
export function publicAgent(summary: AgentSummary): Agent {
  const { generation: _generation, ...agent } = summary;
  return agent;
}

export interface AgentFilter {
  /** All of these. */
  readonly capabilities?: readonly string[];
  readonly role?: string;
  /** Any of these. */
  readonly statuses?: readonly AgentStatus[];
  readonly modelType?: string;
  readonly group?: string;
  /** Heard from within this many seconds. */
  readonly activeWithinSeconds?: number;
}

export function matchesFilter(agent: Agent, filter: AgentFilter, now: number): boolean {
  if (filter.capabilities && !filter.capabilities.every((c) => agent.capabilities.includes(c))) return false;
  if (filter.role !== undefined && agent.role !== filter.role) return false;
  if (filter.statuses && !filter.statuses.includes(agent.status)) return false;
  if (filter.modelType !== undefined && agent.modelType !== filter.modelType) return false;
  if (filter.group !== undefined && agent.group !== filter.group) return false;
  if (
    filter.activeWithinSeconds !== undefined &&
    now - agent.lastHeartbeat > filter.activeWithinSeconds * 1000
  )
    return false;
  return true;
}

/** Is an agent with this status counted as reachable (not silent, not failed)? */
export function isResponsiveStatus(status: AgentStatus): boolean {
  switch (status) {
    case 'available':
    case 'working':
    case 'idle':
      return true;
    case 'unresponsive':
    case 'offline':
    case 'error':
      return false;
  }
}
