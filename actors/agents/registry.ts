/**
 * `AgentRegistry`: the durable actor that knows every agent — registration (with a secret
 * token, stored only as its SHA-256), deregistration, heartbeats, status updates and
 * search. A request made on behalf of an agent must present its token. Bad requests get a
 * typed error answer; they never fail (and so never restart) the actor.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { defineActor, reply } from '../../src/index.js';
import {
  type Agent,
  type AgentFilter,
  type AgentStatus,
  matches,
  type Outcome,
  publicAgent,
  type StoredAgent,
} from './agent.js';

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
  /** Does this token belong to this agent? (For other domain actors acting on an agent's behalf.) */
  | { readonly type: 'authorize'; readonly agentId: string; readonly token: string };

type Agents = Readonly<Record<string, StoredAgent>>;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function authorized(agents: Agents, agentId: string, token: string): Outcome<StoredAgent> {
  const agent = agents[agentId];
  if (!agent)
    return { ok: false, error: { code: 'not_found', message: `no agent "${agentId}"`, field: 'agent_id' } };
  if (hashToken(token) !== agent.tokenHash) {
    return {
      ok: false,
      error: {
        code: 'unauthorized',
        message: `wrong or missing token for "${agentId}"`,
        field: 'agent_token',
      },
    };
  }
  return { ok: true, value: agent };
}

export const AgentRegistry = defineActor<RegistryMsg, Agents, undefined>({
  module: import.meta.url,
  name: 'AgentRegistry',
  init: () => ({}),
  receive: (agents, msg) => {
    const now = Date.now();
    switch (msg.type) {
      case 'register': {
        const r = msg.registration;
        const id = r.id ?? `agent-${randomUUID()}`;
        if (agents[id]) {
          const error = {
            code: 'already_exists',
            message: `agent "${id}" is already registered`,
            field: 'id',
          } as const;
          return reply({ ok: false, error } satisfies Outcome<never>, agents);
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
        return reply({ ok: true, value: { agent: publicAgent(agent), token } } satisfies Outcome<unknown>, {
          ...agents,
          [id]: agent,
        });
      }
      case 'deregister': {
        const found = authorized(agents, msg.agentId, msg.token);
        if (!found.ok) return reply(found, agents);
        const { [msg.agentId]: _gone, ...rest } = agents;
        return reply({ ok: true, value: publicAgent(found.value) } satisfies Outcome<Agent>, rest);
      }
      case 'heartbeat':
      case 'update-status': {
        const found = authorized(agents, msg.agentId, msg.token);
        if (!found.ok) return reply(found, agents);
        const updated: StoredAgent = {
          ...found.value,
          lastSeenAt: now,
          status: msg.status ?? found.value.status,
          currentTask:
            msg.type === 'heartbeat' && msg.currentTask !== undefined
              ? msg.currentTask
              : found.value.currentTask,
        };
        return reply({ ok: true, value: publicAgent(updated) } satisfies Outcome<Agent>, {
          ...agents,
          [msg.agentId]: updated,
        });
      }
      case 'authorize': {
        const found = authorized(agents, msg.agentId, msg.token);
        return reply(
          found.ok ? ({ ok: true, value: publicAgent(found.value) } satisfies Outcome<Agent>) : found,
          agents,
        );
      }
      case 'find': {
        const found = Object.values(agents)
          .filter((agent) => matches(agent, msg.filter, now))
          .map(publicAgent);
        return reply({ ok: true, value: found } satisfies Outcome<Agent[]>, agents);
      }
    }
  },
});
