/**
 * The MCP adapter: one `McpServer` per MCP session, whose tools map onto the actor system.
 * It owns no business logic. Tools go through the `ToolRegistry` (`tool-registry.ts`): strict
 * input checked by troupe, the caller resolved once per session (`identity.ts`), every
 * answer a result — a success with the `orchestration` block, or an `isError` result with a
 * code — never a protocol error, except for a tool that does not exist. Resources
 * (`resources/`) are read-only JSON views of the same actors, with change notifications.
 * The mode (`modes.ts`) says which tool groups are listed and whether results carry `debug`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Coordination } from '../../actors/coordination/coordination.js';
import type { DeadlockDetector } from '../../actors/supervisors/deadlock/index.js';
import type { ActorSystem, ActorTreeNode, Outcome } from '../kernel/index.js';
import { SessionIdentity, type TokenCheck } from './identity.js';
import { relayIdentity } from './identity-relay.js';
import { type ServeMode, type ToolGroup, toolGroupsOf } from './modes.js';
import type { ActorProbe } from './orchestration.js';
import { registerResources } from './resources/register.js';
import { ToolCallHub } from './tool-events.js';
import { type CallLog, ToolRegistry } from './tool-registry.js';
import { registerAgentTools } from './tools/agents.js';
import { registerEvaluationTools } from './tools/evaluations.js';
import { registerFrequencyTools } from './tools/frequency.js';
import { registerHealthTool } from './tools/health.js';
import { registerLockTools } from './tools/locks.js';
import { registerMessagingTools } from './tools/messaging.js';
import { registerProjectTools } from './tools/projects.js';
import { registerRoutingTools } from './tools/routing.js';
import { registerSessionTools } from './tools/sessions.js';
import { registerSystemEventTools } from './tools/system-events.js';
import { registerTaskTools } from './tools/tasks.js';
import { registerWorkflowTools } from './tools/workflows.js';

const VERSION = '0.1.0';

/** The coordination actors the tools and resources talk to, and what `health` reports on. */
export interface McpAdapterOptions extends Coordination {
  /** Names of the supervisors running (reported by `health`). */
  readonly supervisors: readonly string[];
  /** Where lock waits are reported, so that a cycle of waiting agents is broken. */
  readonly deadlockDetector?: DeadlockDetector;
  /** Shared by the sessions of one runtime, so that each announces the others' changes. */
  readonly toolCalls?: ToolCallHub;
  /** `full` unless said otherwise. */
  readonly mode?: ServeMode;
  /** Where debug mode logs each call. */
  readonly log?: CallLog;
}

/** What differs from one session to the next. */
export interface SessionOptions {
  /** The session comes through a `troupe serve` session proxy: relay its identity (`identity-relay.ts`). */
  readonly relayIdentity?: boolean;
}

export function createMcpServer(
  system: ActorSystem,
  options: McpAdapterOptions,
  session: SessionOptions = {},
): McpServer {
  const mcp = new McpServer({ name: 'troupe', version: VERSION });
  const mode = options.mode ?? 'full';
  const hub = options.toolCalls ?? new ToolCallHub();
  const identity = new SessionIdentity();
  const tools = new ToolRegistry(mcp.server, {
    identity,
    checkToken: tokenCheckOf(options),
    sessionExists: async (sessionId) =>
      (await options.sessions.ask<Outcome<unknown>>({ type: 'get', sessionId })).ok,
    hub,
    ...(mode === 'debug' ? { probe: probeOf(system) } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const groups: Readonly<Record<ToolGroup, () => void>> = {
    health: () => registerHealthTool(tools, system, options.supervisors),
    registry: () => registerAgentTools(tools, options.registry),
    messaging: () => {
      registerMessagingTools(tools, options.post);
      registerSystemEventTools(tools, options.events);
      registerFrequencyTools(tools, options.traffic);
    },
    sessions: () => registerSessionTools(tools, options.sessions),
    tasks: () => {
      registerTaskTools(tools, options.tasks);
      registerWorkflowTools(tools, system);
    },
    locks: () => registerLockTools(tools, options.locks, options.deadlockDetector),
    projects: () => {
      registerProjectTools(tools, options.projects);
      registerEvaluationTools(tools, options.projects);
    },
    routing: () => registerRoutingTools(tools, options.router),
  };
  for (const group of toolGroupsOf(mode)) groups[group]();
  registerResources(mcp, { system, ...options }, hub);
  if (session.relayIdentity) relayIdentity(mcp.server, identity);
  return mcp;
}

/** A token is checked by the registry (`not_found` for an unknown agent, `unauthorized` for a wrong token). */
function tokenCheckOf(options: McpAdapterOptions): TokenCheck {
  return async (agentId, token) => {
    const answer = await options.registry.ask<Outcome<unknown>>({ type: 'authorize', agentId, token });
    return answer.ok ? null : answer.error;
  };
}

/** Where an actor runs and how much waits for it, from the supervision tree (debug mode only). */
function probeOf(system: ActorSystem): ActorProbe {
  const find = (nodes: readonly ActorTreeNode[], id: string): ActorTreeNode | null => {
    for (const node of nodes) {
      if (node.id === id) return node;
      const inner = find(node.children, id);
      if (inner) return inner;
    }
    return null;
  };
  return async (actorId) => {
    const tree = await system.inspect();
    const node = find(tree.children, actorId) ?? find(tree.detached, actorId);
    return node
      ? { thread: node.thread, queue: node.mailboxDepth, status: node.status }
      : { thread: null, queue: null, status: null };
  };
}
