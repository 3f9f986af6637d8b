/**
 * `ProxiedTools`: the downstream servers' tools, served through troupe's MCP server as the
 * gateway exposes them (`<server>__<tool>`, see `actors/gateway/naming.ts`). It owns the
 * pass-through, not the routing (the gateway's) nor troupe's own tools (`ToolRegistry`'s):
 *
 * - listed with the downstream description, annotations, input schema (plus the optional
 *   `agent_id` / `session_id` of seed 000, where the tool has no such argument of its own;
 *   the agent counts only when the session proved it, as for troupe's own tools)
 *   and output schema, unchanged;
 * - the `session_id` keys the result cache of a `cache.per_session` server only when the
 *   proven agent takes part in that collaboration session: a result cached for a session is
 *   its members' (what they read there), so a caller outside it — no identity, or another
 *   agent naming it — shares the entries of calls made without a session instead;
 * - called with those two arguments removed, the host's progress token and cancellation
 *   carried downstream, the downstream progress and log messages carried back;
 * - answered with the downstream result as it came (`content`, `structuredContent`,
 *   `isError`), troupe's `orchestration` block under `_meta['troupe/orchestration']` — never
 *   inside `structuredContent`, which must still match the downstream output schema. With
 *   `orchestration: false` (`--mode disabled`) the result is passed on untouched.
 *
 * A gateway failure (no server up, timeout, circuit open…) is an `isError` result with the
 * gateway's code (`tool-result.ts`); a name the gateway does not expose is the protocol's
 * "Unknown tool" error, as for troupe's own tools.
 */
import type {
  CallToolResult,
  LoggingMessageNotification,
  ProgressNotification,
  Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import type { ExposedToolInfo } from '../../../actors/gateway/index.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';
import { isoTime } from '../records/time.js';
import { failure } from '../tool-result.js';
import { traceGatewayCall } from '../tracing/child-spans.js';

/** Where troupe's orchestration block goes in a proxied result's `_meta`. */
export const ORCHESTRATION_META_KEY = 'troupe/orchestration';

/** The seed-000 arguments every proxied tool accepts, removed before the call goes downstream. */
const IDENTITY_ARGUMENTS = {
  agent_id: {
    type: 'string',
    description: 'troupe: the agent making this call (optional; not sent downstream)',
  },
  session_id: {
    type: 'string',
    description: 'troupe: the collaboration session of this call (optional; not sent downstream)',
  },
} as const;

type IdentityArgument = keyof typeof IDENTITY_ARGUMENTS;

/** What a proxied call needs from the MCP request it came with. */
export interface ProxiedCallContext {
  readonly signal: AbortSignal;
  readonly progressToken?: string | number;
  readonly notify: (notification: ProgressNotification | LoggingMessageNotification) => Promise<void>;
}

export interface ProxiedToolsOptions {
  /** false: `--mode disabled`, results passed on without troupe's `_meta`. */
  readonly orchestration: boolean;
  /**
   * Has this MCP session proven it acts for `agentId`? As for troupe's own tools, a call acts
   * for (and `_meta` names) only an agent the session proved; an unproven `agent_id` is
   * accepted and dropped.
   */
  readonly isProven: (agentId: string) => boolean;
  /** Does `agentId` take part in the collaboration session `sessionId` (its coordinator or a participant)? */
  readonly isMember: (sessionId: string, agentId: string) => Promise<boolean>;
  readonly now?: () => number;
}

interface Listed {
  readonly tool: Tool;
  /** The identity arguments added to this tool's schema (the ones to strip). */
  readonly added: readonly IdentityArgument[];
}

export class ProxiedTools {
  readonly #gateway: Gateway;
  readonly #options: ProxiedToolsOptions;
  #listed = new Map<string, Listed>();

  constructor(gateway: Gateway, options: ProxiedToolsOptions) {
    this.#gateway = gateway;
    this.#options = options;
  }

  /** The gateway's tools as a host lists them. */
  async list(): Promise<Tool[]> {
    const exposed = await this.#gateway.listTools();
    this.#listed = new Map(exposed.map((info) => [info.name, listedOf(info)]));
    return [...this.#listed.values()].map(({ tool }) => tool);
  }

  /** Call `name` with the host's `raw` arguments; throws the protocol error for a name not exposed. */
  async call(name: string, raw: unknown, context: ProxiedCallContext): Promise<CallToolResult> {
    if (!this.#listed.has(name)) await this.list();
    const listed = this.#listed.get(name);
    if (listed === undefined) throw protocolError(INVALID_PARAMS, `Unknown tool: ${name}`);
    const args = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { ...raw } : {};
    const identity = new Map<IdentityArgument, string>();
    for (const key of listed.added) {
      const value = (args as Record<string, unknown>)[key];
      if (typeof value === 'string') identity.set(key, value);
      delete (args as Record<string, unknown>)[key];
    }
    const claimed = identity.get('agent_id');
    const agentId = claimed !== undefined && this.#options.isProven(claimed) ? claimed : undefined;
    const sessionId = identity.get('session_id');
    const { progressToken, notify } = context;
    try {
      const cacheSession = await this.#sessionOf(sessionId, agentId);
      const answer = await traceGatewayCall(
        name,
        () =>
          this.#gateway.callTool(name, args as Record<string, unknown>, {
            signal: context.signal,
            ...(agentId === undefined ? {} : { agentId }),
            ...(cacheSession === undefined ? {} : { sessionId: cacheSession }),
            ...(progressToken === undefined
              ? {}
              : {
                  onProgress: (progress) => {
                    notify({
                      method: 'notifications/progress',
                      params: { ...progress, progressToken },
                    }).catch(() => {});
                  },
                }),
            onLog: (message) => {
              notify({ method: 'notifications/message', params: message }).catch(() => {});
            },
          }),
        (answered) => answered.result.isError === true,
      );
      if (!this.#options.orchestration) return answer.result;
      const now = this.#options.now ?? Date.now;
      const orchestration = {
        coordinated: true,
        agent_id: agentId ?? null,
        session_id: sessionId ?? null,
        timestamp: isoTime(now()),
        handled_by: 'gateway',
        server: answer.server ?? null,
        group: answer.group,
        tool: answer.tool,
        cached: answer.cached,
        attempts: answer.attempts.length,
        failed_attempts: answer.attempts
          .filter((attempt) => attempt.error !== undefined)
          .map((attempt) => ({ server: attempt.server, round: attempt.round, code: attempt.error?.code })),
        duration_ms: answer.durationMs,
      };
      return { ...answer.result, _meta: { ...answer.result._meta, [ORCHESTRATION_META_KEY]: orchestration } };
    } catch (error) {
      return failure(error);
    }
  }

  /** The session a call's cached results are kept under: only one its proven agent takes part in. */
  async #sessionOf(sessionId: string | undefined, agentId: string | undefined): Promise<string | undefined> {
    if (sessionId === undefined || agentId === undefined) return undefined;
    return (await this.#options.isMember(sessionId, agentId)) ? sessionId : undefined;
  }
}

/** The downstream tool under its exposed name, with the identity arguments it lacks added. */
function listedOf(info: ExposedToolInfo): Listed {
  const { tool } = info;
  const properties: Record<string, object> = { ...(tool.inputSchema.properties ?? {}) };
  const added: IdentityArgument[] = [];
  for (const key of Object.keys(IDENTITY_ARGUMENTS) as IdentityArgument[]) {
    if (Object.hasOwn(properties, key)) continue;
    properties[key] = IDENTITY_ARGUMENTS[key];
    added.push(key);
  }
  return {
    tool: { ...tool, name: info.name, inputSchema: { ...tool.inputSchema, properties } },
    added,
  };
}
