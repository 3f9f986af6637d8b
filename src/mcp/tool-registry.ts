/**
 * `ToolRegistry`: troupe's tools on an MCP `Server` — it answers `tools/list` and
 * `tools/call` itself (the SDK's `McpServer` does not see them), so that every call goes
 * through one pipeline:
 *
 * ```
 *   tools/call ─ unknown tool? ──────────────────────────▶ JSON-RPC -32602 "Unknown tool: x"
 *      │ parse arguments (tool-input.ts) ─ refused ───────▶ isError result { error: { code, field } }
 *      │ resolve the caller (identity.ts) ─ refused ──────▶ isError result (unauthorized, …)
 *      │ limits (limits/: string sizes, rates) ─ refused ─▶ isError result (too_large, rate_limited)
 *      │ access gate (access/, when configured) ─ refused ▶ isError result (forbidden, …)
 *      │ handler(args, call) ─ refusal or throw ──────────▶ isError result
 *      │ + orchestration (+ debug); output checked ─ bad ─▶ isError result (internal)
 *      ▼ success: structuredContent + the same JSON as text; told to the ToolCallHub
 * ```
 *
 * A tool is registered with its input and output shapes, the actor that answers it and, for
 * a tool that acts for an agent, `caller`: the argument naming that agent. It owns the
 * pipeline; the tools own their arguments and what they ask.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
  type ToolAnnotations,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Caller } from '../../actors/coordination/caller.js';
import type { Refusal } from '../kernel/index.js';
import type { SessionGate } from './access/session-gate.js';
import { type PermissionGroup, permissionsOf } from './access/tool-permissions.js';
import type { ProxiedTools } from './gateway/proxied-tools.js';
import { resolveCaller, type SessionIdentity, type TokenCheck } from './identity.js';
import type { SessionLimits } from './limits/session-limits.js';
import type { CallRecord, SessionLog } from './logging/session-log.js';
import type { ActorProbe } from './orchestration.js';
import { INVALID_PARAMS, protocolError } from './protocol/errors.js';
import { isoTime } from './records/time.js';
import { type ProgressSink, ToolCall, type ToolProgress } from './tool-call.js';
import type { ToolCallHub } from './tool-events.js';
import { parseToolArguments } from './tool-input.js';
import { failure, success } from './tool-result.js';
import { type ToolSchemas, toolSchemas } from './tool-schemas.js';

export interface ToolConfig<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  readonly title?: string;
  readonly description: string;
  readonly inputSchema: I;
  readonly outputSchema: O;
  readonly annotations: ToolAnnotations;
  /** The actor that answers (`orchestration.handled_by`; what `--mode debug` reports on). */
  readonly handledBy: string;
  /**
   * The argument naming the agent this tool acts for: its `agent_token` is then needed once per
   * session. A list names alternatives (a seed name and its alias, or the generic `agent_id`):
   * the first one the call gives names the caller.
   */
  readonly caller?: CallerField<I> | readonly CallerField<I>[];
  /**
   * A call that names no agent in its caller fields acts for the one agent this MCP session
   * has proven (registered, or presented the token of), if exactly one: for seed tools that
   * take no agent id (`create_goal`). Without such an agent the call stays anonymous.
   */
  readonly implicitCaller?: true;
}

/** An argument that may name the calling agent: one of the tool's own, or the generic `agent_id`. */
export type CallerField<I extends z.ZodRawShape> = Extract<keyof I, string> | 'agent_id';

export type ToolHandler<I extends z.ZodRawShape> = (
  args: z.output<z.ZodObject<I>>,
  call: ToolCall,
) => CallToolResult | Promise<CallToolResult>;

/** Where each call is logged in debug mode (a pino logger fits). */
export interface CallLog {
  debug(details: Record<string, unknown>, message: string): void;
}

export interface ToolRegistryOptions {
  readonly identity: SessionIdentity;
  readonly checkToken: TokenCheck;
  /** Does this collaboration session exist? (`orchestration.session_id` names only one that does.) */
  readonly sessionExists: (sessionId: string, caller: Caller) => Promise<boolean>;
  readonly hub: ToolCallHub;
  /** Debug mode: every result gets a `debug` block from this probe, and every call is logged. */
  readonly probe?: ActorProbe;
  readonly log?: CallLog;
  /** The session's MCP logging: at `debug` it hears of every call (`logging/session-log.ts`). */
  readonly sessionLog?: Pick<SessionLog, 'debugging' | 'toolCalled'>;
  readonly now?: () => number;
  /**
   * The gateway's downstream tools (`gateway/proxied-tools.ts`), listed after troupe's own and
   * called for any name that is not troupe's; with it the tool list may change
   * (`listChanged: true`).
   */
  readonly proxied?: ProxiedTools;
  /**
   * Schemas already made by another session of the same runtime, by tool name: every session
   * of one runtime registers the same tools with the same limits, and making a tool's JSON
   * Schemas is most of what opening a session costs (HTTP opens many).
   */
  readonly schemaCache?: Map<string, ToolSchemas>;
  /**
   * The session's access gate (`access/session-gate.ts`), when access control is configured:
   * every call passes it after its caller is resolved and before its handler runs, and every
   * call that changed something or was refused is audited through it.
   */
  readonly gate?: SessionGate;
  /** The session's rate and size limits (`limits/`): every call passes them before the gate. */
  readonly limits?: SessionLimits;
}

interface Entry {
  readonly name: string;
  /** The part of troupe it belongs to, for the policy's `<group>:<verb>` permissions. */
  readonly group: PermissionGroup;
  readonly config: ToolConfig<z.ZodRawShape, z.ZodRawShape>;
  readonly schemas: ToolSchemas;
  readonly handler: ToolHandler<z.ZodRawShape>;
}

type Args = Readonly<Record<string, unknown>>;

/** A call run up to its handler's answer: the arguments it ran with, its context, the result. */
interface Ran {
  readonly args: Args;
  readonly call: ToolCall;
  readonly result: CallToolResult;
}

/** The argument that names the acting agent in this call: the first of the aliases given. */
/** A token check's refusal about the agent (`unknown_agent`…) names the argument the caller used for it. */
function namingCaller(error: Refusal, field: string | undefined): Refusal {
  return field !== undefined && error.field === 'agent_id' ? { ...error, field } : error;
}

export class ToolRegistry {
  readonly #tools = new Map<string, Entry>();
  readonly #options: ToolRegistryOptions;
  #group: PermissionGroup = 'health';

  /** Takes over `tools/list` and `tools/call` on `server` (before it connects). */
  constructor(server: Server, options: ToolRegistryOptions) {
    this.#options = options;
    const { proxied } = options;
    server.registerCapabilities({ tools: { listChanged: proxied !== undefined } });
    server.setRequestHandler(ListToolsRequestSchema, async () => ({
      tools: proxied ? [...this.list(), ...(await proxied.list())] : this.list(),
    }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name, arguments: args, _meta } = request.params;
      const progressToken = _meta?.progressToken;
      if (proxied === undefined || this.#tools.has(name))
        return this.call(name, args, extra.signal, progressToken === undefined ? undefined : notifyProgress);
      const refusal = await this.#gateProxied(name, args ?? {});
      if (refusal) return refusal;
      function notifyProgress(progress: ToolProgress): void {
        const params = { ...progress, progressToken: progressToken as string | number };
        extra.sendNotification({ method: 'notifications/progress', params }).catch(() => {});
      }
      return proxied.call(name, args, {
        signal: extra.signal,
        ...(progressToken === undefined ? {} : { progressToken }),
        notify: (notification) => extra.sendNotification(notification),
      });
    });
  }

  /** Register the tools `register` adds as belonging to `group` (the policy's `<group>:<verb>`). */
  inGroup(group: PermissionGroup, register: () => void): void {
    const before = this.#group;
    this.#group = group;
    try {
      register();
    } finally {
      this.#group = before;
    }
  }

  register<I extends z.ZodRawShape, O extends z.ZodRawShape>(
    name: string,
    config: ToolConfig<I, O>,
    handler: ToolHandler<I>,
  ): void {
    if (this.#tools.has(name)) throw new Error(`tool ${name} is registered twice`);
    const cache = this.#options.schemaCache;
    const schemas =
      cache?.get(name) ??
      toolSchemas(name, config.inputSchema, config.outputSchema, {
        actsForAgent: config.caller !== undefined,
        debug: this.#options.probe !== undefined,
      });
    cache?.set(name, schemas);
    this.#tools.set(name, {
      name,
      group: this.#group,
      config: config as unknown as ToolConfig<z.ZodRawShape, z.ZodRawShape>,
      schemas,
      handler: handler as unknown as ToolHandler<z.ZodRawShape>,
    });
  }

  /** The `<group>:<verb>` permissions a call of this tool counts as; null for a tool not registered here. */
  permissionsOf(name: string): string[] | null {
    const tool = this.#tools.get(name);
    return tool === undefined ? null : gated(tool).permissions;
  }

  list(): Tool[] {
    return [...this.#tools.values()].map(({ name, config, schemas }) => ({
      name,
      ...(config.title === undefined ? {} : { title: config.title }),
      description: config.description,
      inputSchema: schemas.inputJson,
      outputSchema: schemas.outputJson,
      annotations: config.annotations,
    }));
  }

  async call(
    name: string,
    raw: unknown,
    signal: AbortSignal,
    progress?: ProgressSink,
  ): Promise<CallToolResult> {
    const tool = this.#tools.get(name);
    if (tool === undefined) throw protocolError(INVALID_PARAMS, `Unknown tool: ${name}`);
    const started = performance.now();
    let ran: Ran = { args: {}, call: this.#anonymous(tool, signal), result: failure('not run') };
    let result: CallToolResult;
    try {
      ran = await this.#run(tool, raw, signal, progress);
      result = ran.result.isError ? ran.result : await this.#complete(tool, ran, started);
    } catch (error) {
      result = failure(error);
    }
    const { gate } = this.#options;
    if (gate) {
      try {
        await gate.audit(gated(tool), ran.args, ran.call.proven, result);
      } catch (error) {
        // Not acknowledged: the call's answer says so rather than claiming an audited success.
        result = failure(error);
      }
    }
    this.#log(tool.name, ran, result, started);
    return result;
  }

  /** A proxied tool's call through the access gate: its refusal (audited), or null when it may go. */
  async #gateProxied(name: string, args: Args): Promise<CallToolResult | null> {
    const { gate } = this.#options;
    const limited = this.#options.limits?.refusal(args, null, gate?.isOperator === true) ?? null;
    if (gate === undefined) return limited && failure(limited);
    const tool = { name, permissions: ['gateway:call'], readOnly: false };
    const refusal = limited ?? (await gate.authorizeTool(tool, args, null));
    if (refusal === null) return null;
    const result = failure(refusal);
    await gate.audit(tool, args, null, result);
    return result;
  }

  #anonymous(tool: Entry, signal: AbortSignal): ToolCall {
    return new ToolCall(signal, null, this.#options.identity, tool.config.handledBy);
  }

  async #run(tool: Entry, raw: unknown, signal: AbortSignal, progress?: ProgressSink): Promise<Ran> {
    const { identity, checkToken } = this.#options;
    const parsed = parseToolArguments(tool.name, tool.schemas.input, raw);
    const refused = (error: Refusal, args: Args = {}): Ran => ({
      args,
      result: failure(error),
      call: this.#anonymous(tool, signal),
    });
    if (!parsed.ok) return refused(parsed.error);
    const { gate } = this.#options;
    const field = callerFieldOf(tool.config.caller, parsed.value as Args);
    const parsedArgs = implicitly(tool.config, field, parsed.value as Args, identity);
    // The operator acts for any agent without its token (one it did prove is acted for as usual).
    const byOperator =
      gate?.isOperator === true &&
      field !== undefined &&
      typeof parsedArgs[field] === 'string' &&
      parsedArgs.agent_token === undefined &&
      !identity.proven(parsedArgs[field] as string);
    const resolved =
      field === undefined || byOperator ? null : await resolveCaller(parsedArgs, field, identity, checkToken);
    if (resolved && !resolved.ok) return refused(namingCaller(resolved.error, field), parsedArgs);
    const proven = resolved?.value ?? null;
    const limited = this.#options.limits?.refusal(
      parsedArgs,
      proven?.agentId ?? null,
      gate?.isOperator === true,
    );
    if (limited)
      return {
        args: parsedArgs,
        result: failure(limited),
        call: new ToolCall(signal, proven, identity, tool.config.handledBy),
      };
    if (gate) {
      const refusal = await gate.authorizeTool(gated(tool), parsedArgs, proven);
      if (refusal)
        return {
          args: parsedArgs,
          result: failure(refusal),
          call: new ToolCall(signal, proven, identity, tool.config.handledBy),
        };
    }
    const args = proven === null ? parsedArgs : { ...parsedArgs, agent_token: proven.token };
    const call = new ToolCall(signal, proven, identity, tool.config.handledBy, progress);
    if (gate) {
      call.gate = gate;
      if (gate.isOperator && proven === null) call.actAsOperator();
    }
    try {
      return { args, call, result: await tool.handler(args as never, call) };
    } catch (error) {
      return { args, call, result: failure(error) };
    }
  }

  async #complete(tool: Entry, { args, call, result }: Ran, started: number): Promise<CallToolResult> {
    const { identity, probe, now = Date.now } = this.#options;
    const claimed = typeof args.agent_id === 'string' ? args.agent_id : null;
    const agentId = call.actingAs ?? (claimed !== null && identity.proven(claimed) ? claimed : null);
    const body: Record<string, unknown> = {
      ...(result.structuredContent ?? {}),
      orchestration: {
        coordinated: true,
        agent_id: agentId,
        session_id: await this.#existingSession(args.session_id, call.caller),
        timestamp: isoTime(now()),
        handled_by: call.handledBy,
      },
    };
    if (probe) body.debug = await this.#debug(probe, call.handledBy, started);
    const checked = tool.schemas.checkOutput(body);
    if (!checked.valid) {
      const why = `the answer of ${tool.name} does not match its output schema (${checked.errorMessage})`;
      return failure({ code: 'internal', message: why } satisfies Refusal);
    }
    const { hub } = this.#options;
    if (hub.listening) {
      const { agent_token: _secret, ...publicArgs } = args;
      hub.publish({ tool: tool.name, args: publicArgs, result: body });
    }
    return success(body);
  }

  async #existingSession(sessionId: unknown, caller: Caller): Promise<string | null> {
    if (typeof sessionId !== 'string') return null;
    try {
      return (await this.#options.sessionExists(sessionId, caller)) ? sessionId : null;
    } catch {
      return null;
    }
  }

  async #debug(probe: ActorProbe, actor: string, started: number) {
    const found = await probe(actor).catch(() => ({ thread: null, queue: null, status: null }));
    return { actor, ...found, turn_ms: Math.round((performance.now() - started) * 1000) / 1000 };
  }

  #log(tool: string, ran: Ran, result: CallToolResult, started: number): void {
    const { log, probe, sessionLog } = this.#options;
    const stderr = probe === undefined ? undefined : log;
    const session = sessionLog?.debugging === true ? sessionLog : undefined;
    if (stderr === undefined && session === undefined) return;
    const record = callRecordOf(tool, ran, result, started);
    stderr?.debug({ ...record }, 'tool call');
    session?.toolCalled(record);
  }
}

/** What a log shows of a finished call: names, never a token nor an argument's value. */
function callRecordOf(
  tool: string,
  { args, call }: Ran,
  result: CallToolResult,
  started: number,
): CallRecord {
  const { agent_token: _secret, ...shown } = args;
  const text = result.isError ? (result.content[0] as { text?: string } | undefined)?.text : undefined;
  return {
    tool,
    args: Object.keys(shown),
    caller: call.actingAs,
    ms: Math.round(performance.now() - started),
    ...(text === undefined ? {} : { error: (JSON.parse(text) as { error: unknown }).error }),
  };
}

/** A tool as the access gate sees it: its name, its permissions, whether it only reads. */
function gated(tool: Entry) {
  return {
    name: tool.name,
    permissions: permissionsOf(tool.group, tool.config.annotations),
    readOnly: tool.config.annotations.readOnlyHint === true,
  };
}

/** The argument that names the caller in this call: the first of the tool's caller fields it gives. */
function callerFieldOf(caller: string | readonly string[] | undefined, args: Args): string | undefined {
  if (caller === undefined || typeof caller === 'string') return caller;
  return caller.find((field) => typeof args[field] === 'string') ?? caller[0];
}

/** The arguments with the session's sole agent as the caller, for a tool that allows it and a call naming none. */
function implicitly(
  config: { readonly implicitCaller?: true },
  field: string | undefined,
  args: Args,
  identity: SessionIdentity,
): Args {
  if (!config.implicitCaller || field === undefined || typeof args[field] === 'string') return args;
  const sole = identity.soleAgent();
  return sole === null ? args : { ...args, [field]: sole };
}
