/**
 * Agents as the tables show them, read on the main thread: whether an id is registered, its
 * presence (status), role and capabilities (`agents` [id], `agents-by-role` [role, id],
 * `agents-by-capability` [cap, id], written by the agent actors), and its load — the open
 * tasks it holds (`tasks-open-by-assignee` [agent, id], written by the task actors). Facades
 * read these instead of asking any actor.
 *
 * A directory made for a tenant (`scope`) shows only that tenant's agents: another tenant's
 * are unknown to it, so they are never picked, invited or delegated to (`../tenancy.ts`).
 *
 * The agent summary is the agent actor's; this module reads only the fields it needs
 * (`status`, `role`, `capabilities`) and passes the rest along untouched.
 */
import type { ActorSystem, TableReader } from '../../../src/kernel/index.js';
import { EVERY_TENANT, isAgentInScope, type TenantScope } from '../tenancy.js';

/** The open tasks of each agent: its load. */
export const OPEN_TASKS_TABLE = 'tasks-open-by-assignee';

/** Statuses in which an agent takes new work when one is picked for it. */
export const READY_STATUSES: readonly string[] = ['available', 'idle'];
/** Statuses in which a named agent cannot take work (`agent_offline`). */
export const ABSENT_STATUSES: readonly string[] = ['offline', 'unresponsive'];

/** Candidates read at most for one pick (by role, by capability, or among all agents). */
export const CANDIDATE_BUDGET = 1_000;

/** An agent's public summary, as the `agents` table holds it. */
export interface AgentView {
  readonly id: string;
  readonly role: string;
  readonly status: string;
  readonly capabilities: readonly string[];
  readonly [field: string]: unknown;
}

function asAgentView(id: string, value: unknown): AgentView | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, capabilities, role } = value as {
    status?: unknown;
    capabilities?: unknown;
    role?: unknown;
  };
  if (typeof status !== 'string') return undefined;
  const caps = Array.isArray(capabilities)
    ? capabilities.filter((c): c is string => typeof c === 'string')
    : [];
  return { ...(value as object), id, role: typeof role === 'string' ? role : '', status, capabilities: caps };
}

export function isReady(agent: AgentView): boolean {
  return READY_STATUSES.includes(agent.status);
}

export function isAbsent(agent: AgentView): boolean {
  return ABSENT_STATUSES.includes(agent.status);
}

export function hasCapabilities(agent: AgentView, needed: readonly string[]): boolean {
  return needed.every((capability) => agent.capabilities.includes(capability));
}

/** The agents the tables know, read on the main thread. */
export class AgentDirectory {
  private readonly agents: TableReader<unknown>;
  private readonly byRole: TableReader<unknown>;
  private readonly byCapability: TableReader<unknown>;
  private readonly open: TableReader<unknown>;
  /** Loads read so far, plus what this directory's user assigned since (`addLoad`). */
  private readonly loads = new Map<string, number>();

  constructor(
    private readonly system: ActorSystem,
    /** The tenant whose agents it shows (default: every tenant's, as the operator sees them). */
    private readonly scope: TenantScope = EVERY_TENANT,
  ) {
    this.agents = system.table('agents');
    this.byRole = system.table('agents-by-role');
    this.byCapability = system.table('agents-by-capability');
    this.open = system.table(OPEN_TASKS_TABLE);
  }

  /** The registered agent with this id, if any. */
  get(id: string): AgentView | undefined {
    if (!isAgentInScope(this.system, this.scope, id)) return undefined;
    return asAgentView(id, this.agents.get([id]));
  }

  /** The ids among these that no registered agent has. */
  unknown(ids: readonly string[]): string[] {
    return ids.filter((id) => this.get(id) === undefined);
  }

  /** Up to {@link CANDIDATE_BUDGET} agents of a role, in id order. */
  withRole(role: string): AgentView[] {
    return this.resolve(this.byRole.range({ prefix: [role], limit: CANDIDATE_BUDGET }).map((e) => e.key[1]));
  }

  /**
   * Up to {@link CANDIDATE_BUDGET} agents with every capability asked for (read through the
   * index of the first one), or among all agents when none is asked for.
   */
  withCapabilities(capabilities: readonly string[]): AgentView[] {
    const [first] = capabilities;
    const agents =
      first === undefined
        ? this.agents.range({ limit: CANDIDATE_BUDGET }).flatMap((e) => {
            const id = e.key[0];
            const agent =
              typeof id === 'string' && isAgentInScope(this.system, this.scope, id)
                ? asAgentView(id, e.value)
                : undefined;
            return agent ? [agent] : [];
          })
        : this.resolve(
            this.byCapability.range({ prefix: [first], limit: CANDIDATE_BUDGET }).map((e) => e.key[1]),
          );
    return agents.filter((agent) => hasCapabilities(agent, capabilities));
  }

  /** The agent's open tasks (assigned or in progress), plus those assigned through `addLoad`. */
  load(agentId: string): number {
    let load = this.loads.get(agentId);
    if (load === undefined) {
      load = this.open.range({ prefix: [agentId], limit: 10_000 }).length;
      this.loads.set(agentId, load);
    }
    return load;
  }

  /** Count an assignment made since the load was read (a pick in the same call sees it). */
  addLoad(agentId: string): void {
    this.loads.set(agentId, this.load(agentId) + 1);
  }

  /** The least loaded of these (ties: the smaller id), or `undefined`. */
  leastLoaded(candidates: readonly AgentView[]): AgentView | undefined {
    let best: AgentView | undefined;
    for (const agent of candidates) {
      if (!best) best = agent;
      else {
        const order = this.load(agent.id) - this.load(best.id);
        if (order < 0 || (order === 0 && agent.id < best.id)) best = agent;
      }
    }
    return best;
  }

  private resolve(ids: readonly unknown[]): AgentView[] {
    return ids.flatMap((id) => {
      const agent = typeof id === 'string' ? this.get(id) : undefined;
      return agent ? [agent] : [];
    });
  }
}
