/**
 * The MCP adapter: one `McpServer` per MCP session, whose tools map onto the actor system.
 * It owns no business logic. Tools go through the `ToolRegistry` (`tool-registry.ts`): strict
 * input checked by troupe, the caller resolved once per session (`identity.ts`), every
 * answer a result — a success with the `orchestration` block, or an `isError` result with a
 * code — never a protocol error, except for a tool that does not exist. Resources
 * (`resources/`) are read-only JSON views of the same actors, with change notifications;
 * an inbox or a session is shown only to a session acting for its agent or a member.
 * The mode (`modes.ts`) says which tool groups are listed and whether results carry `debug`.
 * Besides: MCP logging (`logging/`: incidents, and each call at debug, for a session that sets
 * a level), the orchestration patterns as prompts (`prompts/`) and completions of ids
 * (`completions/`), and OpenTelemetry spans for each request and the actor turns it causes
 * (`tracing/`: no-ops unless an SDK is registered).
 */

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { authenticateAgent } from '../../actors/coordination/agents/api.js';
import { ANONYMOUS } from '../../actors/coordination/caller.js';
import type { Coordination } from '../../actors/coordination/coordination.js';
import type { FeatureFlags } from '../../actors/coordination/flags/index.js';
import { getSession } from '../../actors/coordination/sessions/api.js';
import type { Gateway } from '../../actors/gateway/embedding/gateway.js';
import type { DeadlockDetector } from '../../actors/supervisors/deadlock/index.js';
import type { ActorSystem, ActorTreeNode } from '../kernel/index.js';
import type { AccessControl } from './access/access-control.js';
import { gateResources } from './access/resource-gate.js';
import { SessionGate } from './access/session-gate.js';
import type { AlertEngine } from './alerts/alert-engine.js';
import { registerCompletions } from './completions/register.js';
import { registerDownstream } from './gateway/downstream.js';
import { ProxiedTools } from './gateway/proxied-tools.js';
import { SessionIdentity, type TokenCheck } from './identity.js';
import { relayIdentity } from './identity-relay.js';
import type { CallLimiter } from './limits/call-limiter.js';
import { SessionLimits } from './limits/session-limits.js';
import { SessionLog } from './logging/session-log.js';
import type { McpMetrics } from './metrics/mcp-metrics.js';
import { type ServeMode, type ToolGroup, toolGroupsOf } from './modes.js';
import type { ActorProbe } from './orchestration.js';
import { registerPrompts } from './prompts/register.js';
import { registerAlertsResource } from './resources/alerts.js';
import { registerAuditResource } from './resources/audit.js';
import { registerResources } from './resources/register.js';
import { registerServerResources } from './resources/servers.js';
import { registerWaitsResource } from './resources/waits.js';
import { ToolCallHub } from './tool-events.js';
import { type CallLog, ToolRegistry } from './tool-registry.js';
import type { ToolSchemas } from './tool-schemas.js';
import { registerAccessTools } from './tools/access.js';
import { registerAgentTools } from './tools/agents.js';
import { registerAlertTools } from './tools/alerts.js';
import { registerDecomposeTools } from './tools/decompose.js';
import { registerEvaluationTools } from './tools/evaluations.js';
import { registerFlagTools } from './tools/flags.js';
import { registerFrequencyTools } from './tools/frequency.js';
import { registerGatewayTools } from './tools/gateway.js';
import { registerHealthTool } from './tools/health.js';
import { registerLockTools } from './tools/locks.js';
import { registerMessagingTools } from './tools/messaging.js';
import { registerProjectTools } from './tools/projects.js';
import { registerRoutingTools } from './tools/routing.js';
import { registerSessionTools } from './tools/sessions.js';
import { registerSystemEventTools } from './tools/system-events.js';
import { registerTaskTools } from './tools/tasks.js';
import { registerWorkflowTools } from './tools/workflows.js';
import { traceRequests } from './tracing/request-spans.js';
import { traceTurns } from './tracing/turn-spans.js';

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
  /**
   * The gateway in front of the downstream MCP servers (`troupe serve --config`): its tools
   * are proxied as `<server>__<tool>` (`gateway/proxied-tools.ts`), its own tools and the
   * `troupe://servers` resources are added, and every session hears `tools/list_changed`.
   */
  readonly gateway?: Gateway;
  /** Where every session's requests are measured (`metrics/`: `troupe_mcp_*`). */
  readonly metrics?: McpMetrics;
  /** The config file's alert rules, evaluated: `list_alerts` (with `health`) and `troupe://alerts`. */
  readonly alerts?: AlertEngine;
  /** Feature flags: `get_feature_flag`, `set_feature_flag`, `list_feature_flags`. */
  readonly flags?: FeatureFlags;
  /**
   * Access control (the config file's `roles`, `token_ttl`, `audit_retention`…, or an operator
   * token): every call and resource read passes the session's gate, and the access tools and
   * `troupe://audit` are added. Without it every call is answered as before.
   */
  readonly access?: AccessControl;
  /**
   * Rate and size limits on tool calls (`limits/`; `troupe serve` always has them, from the
   * config file's `limits` section or their defaults): each session gets its own bucket in it.
   */
  readonly callLimits?: CallLimiter;
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
  const { gateway } = options;
  const mode = options.mode ?? 'full';
  const mcp = new McpServer({ name: 'troupe', version: VERSION });
  // Incidents and (at debug) calls for a session that sets a level; proxied calls' log messages pass through too.
  const sessionLog = new SessionLog(mcp.server, system);
  const hub = options.toolCalls ?? new ToolCallHub();
  const identity = new SessionIdentity();
  const checkToken = tokenCheckOf(options);
  const gate = options.access ? new SessionGate(options.access, identity) : undefined;
  const tools = new ToolRegistry(mcp.server, {
    ...(gate ? { gate } : {}),
    ...(options.callLimits ? { limits: new SessionLimits(options.callLimits) } : {}),
    schemaCache: schemaCacheOf(options),
    identity,
    checkToken,
    sessionExists: async (sessionId, caller) =>
      options.domain !== null && (await getSession(options.domain.system, caller, { sessionId })).ok,
    hub,
    sessionLog,
    ...(mode === 'debug' ? { probe: probeOf(system) } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(gateway
      ? {
          proxied: new ProxiedTools(gateway, {
            orchestration: mode !== 'disabled',
            isProven: (agentId) => identity.proven(agentId),
            isMember: async (sessionId, agentId) => {
              if (options.domain === null) return false;
              const found = await getSession(options.domain.system, ANONYMOUS, { sessionId });
              return (
                found.ok &&
                (found.value.coordinatorId === agentId || found.value.participantIds.includes(agentId))
              );
            },
          }),
        }
      : {}),
  });
  const groups: Readonly<Record<ToolGroup, () => void>> = {
    health: () => {
      registerHealthTool(tools, system, options.supervisors, gateway ? { gateway } : {});
      if (options.alerts) {
        const { alerts } = options;
        tools.inGroup('alerts', () => registerAlertTools(tools, alerts));
      }
    },
    registry: () => tools.inGroup('agents', () => registerAgentTools(tools, options.domain)),
    messaging: () =>
      tools.inGroup('messaging', () => {
        registerMessagingTools(tools, options.domain);
        registerSystemEventTools(tools, options.domain);
        registerFrequencyTools(tools, options.domain);
      }),
    sessions: () => tools.inGroup('sessions', () => registerSessionTools(tools, options.domain)),
    tasks: () => {
      tools.inGroup('tasks', () => {
        registerTaskTools(tools, options.domain);
        registerDecomposeTools(tools, options.domain, mcp.server);
      });
      tools.inGroup('workflows', () => registerWorkflowTools(tools, system, mcp.server));
    },
    locks: () =>
      tools.inGroup('locks', () =>
        registerLockTools(tools, {
          system: options.domain.system,
          detector: options.deadlockDetector,
          watch: options.watch,
        }),
      ),
    projects: () =>
      tools.inGroup('projects', () => {
        registerProjectTools(tools, options.domain);
        registerEvaluationTools(tools, options.domain);
      }),
    routing: () => tools.inGroup('routing', () => registerRoutingTools(tools, options.domain)),
    flags: () => {
      if (options.flags) {
        const { flags } = options;
        tools.inGroup('flags', () => registerFlagTools(tools, flags));
      }
    },
  };
  for (const group of toolGroupsOf(mode)) groups[group]();
  const control = options.access;
  if (control && gate) {
    tools.inGroup('access', () => registerAccessTools(tools, control));
    registerAuditResource(mcp, control, gate);
    gateResources(mcp, gate);
  }
  if (gateway) {
    tools.inGroup('gateway', () => registerGatewayTools(tools, gateway));
    registerServerResources(mcp, gateway);
    announceToolChanges(mcp, gateway);
    registerDownstream(mcp, gateway);
  }
  if (options.deadlockDetector) registerWaitsResource(mcp, options.deadlockDetector);
  if (options.alerts) registerAlertsResource(mcp, options.alerts);
  const sources = { system, domain: options.domain, watch: options.watch, supervisors: options.supervisors };
  const access = { identity, checkToken, ...(gate ? { session: gate } : {}) };
  registerResources(mcp, sources, hub, access, options.alerts, options.deadlockDetector);
  registerPrompts(mcp.server, gateway);
  registerCompletions(mcp.server, sources, access, (name) => gateway !== undefined && name.includes('__'));
  if (session.relayIdentity) relayIdentity(mcp.server, identity);
  traceRequests(mcp);
  traceTurns(system);
  options.metrics?.instrument(mcp);
  return mcp;
}

/** The tool schemas made for one runtime's adapter options, shared by all its sessions. */
const schemaCaches = new WeakMap<McpAdapterOptions, Map<string, ToolSchemas>>();

function schemaCacheOf(options: McpAdapterOptions): Map<string, ToolSchemas> {
  let cache = schemaCaches.get(options);
  if (cache === undefined) {
    cache = new Map();
    schemaCaches.set(options, cache);
  }
  return cache;
}

/** `notifications/tools/list_changed` to this session whenever the gateway's tools change, until it closes. */
function announceToolChanges(mcp: McpServer, gateway: Gateway): void {
  const unsubscribe = gateway.onToolsChanged(() => {
    if (mcp.isConnected() && mcp.server.getClientCapabilities() !== undefined) mcp.sendToolListChanged();
  });
  const previous = mcp.server.onclose;
  mcp.server.onclose = () => {
    unsubscribe();
    previous?.();
  };
}

/** A token is checked by the agent's actor (`unknown_agent` for an unknown agent, `unauthorized` for a wrong token). */
function tokenCheckOf(options: McpAdapterOptions): TokenCheck {
  const domain = options.domain;
  return async (agentId, token) => {
    const answer = await authenticateAgent(domain, { agentId, token });
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
