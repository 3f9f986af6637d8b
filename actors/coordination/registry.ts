/**
 * `AgentRegistry`: the durable actor that knows every agent — registration (with a secret
 * token, stored only as its SHA-256), deregistration, heartbeats, status updates and
 * search. Silence speaks: an agent that misses `UNRESPONSIVE_AFTER` heartbeat intervals is
 * unresponsive, after `OFFLINE_AFTER` offline — applied at the start of every request (so
 * every answer is current) and by a durable periodic sweep (so it is recorded while nobody
 * asks); its next heartbeat makes it available again. A request made on behalf of an agent
 * must present its token. Bad requests get a typed error answer; they never fail (and so
 * never restart) the actor.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type ActorContext,
  type ActorRef,
  defineActor,
  type Outcome,
  refuse,
  reply,
} from '../../src/kernel/index.js';
import {
  type Agent,
  type AgentFilter,
  type AgentStatus,
  matches,
  publicAgent,
  type StoredAgent,
} from './agent.js';
import type { AgentChanged } from './change-events.js';

export interface Registration {
  readonly id?: string;
  readonly name: string;
  readonly role: string;
  readonly modelType: string;
  readonly modelVersion: string;
  readonly capabilities: readonly string[];
  readonly group?: string;
  readonly heartbeatIntervalS?: number;
}

export type RegistryMsg =
  | { readonly type: 'register'; readonly registration: Registration }
  | { readonly type: 'deregister'; readonly agentId: string; readonly token: string }
  | {
      readonly type: 'heartbeat';
      readonly agentId: string;
      readonly token: string;
      readonly status?: AgentStatus;
      readonly currentTask?: string;
    }
  | {
      readonly type: 'update-status';
      readonly agentId: string;
      readonly token: string;
      readonly status: AgentStatus;
    }
  | { readonly type: 'find'; readonly filter: AgentFilter }
  /** One agent's public record. */
  | { readonly type: 'get'; readonly agentId: string }
  /** Does this token belong to this agent? (For other domain actors acting on an agent's behalf.) */
  | { readonly type: 'authorize'; readonly agentId: string; readonly token: string }
  /** How long an agent has been silent, against its heartbeat interval. */
  | { readonly type: 'responsiveness'; readonly agentId: string }
  /** The registry's own timer: mark silent agents unresponsive, then offline. */
  | { readonly type: 'sweep' }
  /** Who to tell when an agent's record changes (the change watch): replaces the previous list. */
  | {
      readonly type: 'observe';
      /** Told of every change of a record (a heartbeat's `lastSeenAt` too). */
      readonly observers: readonly ActorRef<AgentChanged>[];
      /** Told only when an agent comes, goes, or changes status (the lock table, the task board…). */
      readonly statusObservers?: readonly ActorRef<AgentChanged>[];
    };

/** The answer to `check_agent_responsiveness`. */
export interface Responsiveness {
  readonly agentId: string;
  readonly status: AgentStatus;
  readonly responsive: boolean;
  readonly lastSeenAt: number;
  readonly silentForS: number;
  readonly heartbeatIntervalS: number;
  /** Heartbeat intervals gone by since it was last heard from. */
  readonly missedIntervals: number;
}

/** Missed heartbeat intervals after which an agent is unresponsive, and then offline. */
export const UNRESPONSIVE_AFTER = 2;
export const OFFLINE_AFTER = 5;

/** How often the registry looks for silent agents: half the shortest interval, within bounds. */
function sweepEvery(agents: Agents): number {
  const shortest = Math.min(...Object.values(agents).map((a) => a.heartbeatIntervalS));
  return Math.min(5_000, Math.max(100, (shortest * 1000) / 2));
}

/** The status silence implies, or the agent's own when it has been heard from recently. */
function livenessOf(agent: StoredAgent, now: number): AgentStatus {
  const missed = (now - agent.lastSeenAt) / (agent.heartbeatIntervalS * 1000);
  if (agent.status === 'offline' || missed >= OFFLINE_AFTER) return 'offline';
  if (missed >= UNRESPONSIVE_AFTER) return 'unresponsive';
  return agent.status;
}

type Agents = Readonly<Record<string, StoredAgent>>;

interface RegistryState {
  readonly agents: Agents;
  readonly observers: readonly ActorRef<AgentChanged>[];
  readonly statusObservers: readonly ActorRef<AgentChanged>[];
}

/** The agents with the statuses silence implies at `now` (the same object when none changed). */
function withLiveness(agents: Agents, now: number): Agents {
  const changed = Object.values(agents).filter((a) => livenessOf(a, now) !== a.status);
  if (changed.length === 0) return agents;
  return {
    ...agents,
    ...Object.fromEntries(changed.map((a) => [a.id, { ...a, status: livenessOf(a, now) }])),
  };
}

/** Statuses the registry sets from silence (a heartbeat without a status lifts them). */
const SILENT: ReadonlySet<AgentStatus> = new Set(['unresponsive', 'offline']);

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function authorized(agents: Agents, agentId: string, token: string): Outcome<StoredAgent> {
  const agent = agents[agentId];
  if (!agent) return refuse('not_found', `no agent "${agentId}"`, 'agent_id');
  if (hashToken(token) !== agent.tokenHash) {
    return refuse('unauthorized', `wrong or missing token for "${agentId}"`, 'agent_token');
  }
  return { ok: true, value: agent };
}

export const AgentRegistry = defineActor<RegistryMsg, RegistryState, undefined>({
  module: import.meta.url,
  name: 'AgentRegistry',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  // Version 2 keeps the observers beside the agents (version 1 stored the agents alone).
  version: 2,
  migrate: (state, fromVersion) =>
    fromVersion === 1
      ? { agents: state as Agents, observers: [], statusObservers: [] }
      : (state as RegistryState),
  init: () => ({ agents: {}, observers: [], statusObservers: [] }),
  receive: (state, msg, ctx) => {
    if (msg.type === 'observe') {
      const { observers, statusObservers = [] } = msg;
      return reply({ ok: true, value: null }, { ...state, observers, statusObservers });
    }
    const now = Date.now();
    // Every answer sees the statuses silence implies now, not as of the last sweep.
    const [value, agents] = handle(withLiveness(state.agents, now), msg, ctx, now);
    if (agents !== state.agents) announce(state.agents, agents, state, ctx);
    const next = agents === state.agents ? state : { ...state, agents };
    return value === undefined ? next : reply(value, next);
  },
});

/** Tell the observers which agents' records changed; the status observers only of arrivals, departures and new statuses. */
function announce(
  before: Agents,
  after: Agents,
  { observers, statusObservers }: RegistryState,
  ctx: ActorContext<RegistryMsg>,
): void {
  for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const [was, is] = [before[id], after[id]];
    if (was === is) continue;
    const told = was?.status === is?.status ? observers : [...observers, ...statusObservers];
    for (const observer of told) ctx.tell(observer, { type: 'agent-changed', agentId: id });
  }
}

const answer = (value: unknown, agents: Agents) => [value, agents] as const;

/** One request against the agents (with liveness applied): the answer (none for the sweep) and the next agents. */
function handle(
  agents: Agents,
  msg: Exclude<RegistryMsg, { readonly type: 'observe' }>,
  ctx: ActorContext<RegistryMsg>,
  now: number,
): readonly [unknown, Agents] {
  switch (msg.type) {
    case 'register': {
      const r = msg.registration;
      const id = r.id ?? `agent-${randomUUID()}`;
      if (agents[id]) {
        return answer(refuse('already_exists', `agent "${id}" is already registered`, 'id'), agents);
      }
      const token = randomBytes(24).toString('base64url');
      const agent: StoredAgent = {
        id,
        name: r.name,
        role: r.role,
        modelType: r.modelType,
        modelVersion: r.modelVersion,
        capabilities: [...r.capabilities],
        group: r.group ?? null,
        heartbeatIntervalS: r.heartbeatIntervalS ?? 30,
        status: 'available',
        currentTask: null,
        registeredAt: now,
        lastSeenAt: now,
        tokenHash: hashToken(token),
      };
      const next = { ...agents, [id]: agent };
      ctx.schedule(sweepEvery(next), { type: 'sweep' }, { key: 'liveness', every: sweepEvery(next) });
      return answer(
        { ok: true, value: { agent: publicAgent(agent), token } } satisfies Outcome<unknown>,
        next,
      );
    }
    case 'deregister': {
      const found = authorized(agents, msg.agentId, msg.token);
      if (!found.ok) return answer(found, agents);
      const { [msg.agentId]: _gone, ...rest } = agents;
      return answer({ ok: true, value: publicAgent(found.value) } satisfies Outcome<Agent>, rest);
    }
    case 'heartbeat':
    case 'update-status': {
      const found = authorized(agents, msg.agentId, msg.token);
      if (!found.ok) return answer(found, agents);
      const updated: StoredAgent = {
        ...found.value,
        lastSeenAt: now,
        // Heard from again: silence no longer speaks for it.
        status: msg.status ?? (SILENT.has(found.value.status) ? 'available' : found.value.status),
        currentTask:
          msg.type === 'heartbeat' && msg.currentTask !== undefined
            ? msg.currentTask
            : found.value.currentTask,
      };
      return answer({ ok: true, value: publicAgent(updated) } satisfies Outcome<Agent>, {
        ...agents,
        [msg.agentId]: updated,
      });
    }
    case 'authorize': {
      const found = authorized(agents, msg.agentId, msg.token);
      return answer(
        found.ok ? ({ ok: true, value: publicAgent(found.value) } satisfies Outcome<Agent>) : found,
        agents,
      );
    }
    case 'responsiveness': {
      const agent = agents[msg.agentId];
      if (!agent) {
        return answer(refuse('not_found', `no agent "${msg.agentId}"`, 'agent_id'), agents);
      }
      const silentForS = (now - agent.lastSeenAt) / 1000;
      const status = livenessOf(agent, now);
      const report: Responsiveness = {
        agentId: agent.id,
        status,
        responsive: !['unresponsive', 'offline', 'error'].includes(status),
        lastSeenAt: agent.lastSeenAt,
        silentForS,
        heartbeatIntervalS: agent.heartbeatIntervalS,
        missedIntervals: Math.floor(silentForS / agent.heartbeatIntervalS),
      };
      return answer({ ok: true, value: report } satisfies Outcome<Responsiveness>, agents);
    }
    case 'sweep':
      return [undefined, agents];
    case 'get': {
      const agent = agents[msg.agentId];
      return answer(
        agent
          ? ({ ok: true, value: publicAgent(agent) } satisfies Outcome<Agent>)
          : refuse('not_found', `no agent "${msg.agentId}"`, 'agent_id'),
        agents,
      );
    }
    case 'find': {
      const found = Object.values(agents)
        .filter((agent) => matches(agent, msg.filter, now))
        .map(publicAgent);
      return answer({ ok: true, value: found } satisfies Outcome<Agent[]>, agents);
    }
  }
}
