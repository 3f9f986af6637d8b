/**
 * `ObservedMcpServer`: an `McpServer` that tells listeners of every tool call that
 * succeeded (no `isError`), with the tool's name, its parsed arguments and its structured
 * result — so that the resources can announce what a call changed without any tool module
 * knowing about resources.
 *
 * It is also the one place where a tool's throw becomes an answer: whatever a handler
 * throws (a `TroupeError` — ask timeout, crashed worker, full mailbox —, a zod error, a
 * bug) is turned by `failure` into the same `isError` result, with its code and field, that
 * a refusal gets; so no tool catches errors itself, and no code is lost on the way out.
 *
 * The calls go through a `ToolCallHub`; the sessions of one runtime (its own stdio and
 * every attached process) share one, so each hears of the others' changes too.
 */
import { McpServer, type RegisteredTool, type ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnySchema, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { failure } from './tool-result.js';

export interface SucceededToolCall {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly result: Readonly<Record<string, unknown>>;
}

export type ToolCallListener = (call: SucceededToolCall) => void;

type AnyToolCallback = (...params: unknown[]) => CallToolResult | Promise<CallToolResult>;

/** Successful tool calls, told to every listener (a listener's failure is not the tool's). */
export class ToolCallHub {
  readonly #listeners = new Set<ToolCallListener>();

  subscribe(listener: ToolCallListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  publish(call: SucceededToolCall): void {
    for (const listener of this.#listeners) {
      try {
        listener(call);
      } catch {
        // The call still succeeded.
      }
    }
  }
}

export class ObservedMcpServer extends McpServer {
  readonly #hub: ToolCallHub;

  constructor(info: ConstructorParameters<typeof McpServer>[0], hub: ToolCallHub = new ToolCallHub()) {
    super(info);
    this.#hub = hub;
  }

  /** Hear of every tool call that succeeds from now on (on any session sharing the hub); returns the function that stops it. */
  onToolSucceeded(listener: ToolCallListener): () => void {
    return this.#hub.subscribe(listener);
  }

  override registerTool<
    OutputArgs extends ZodRawShapeCompat | AnySchema,
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(
    name: string,
    config: {
      title?: string;
      description?: string;
      inputSchema?: InputArgs;
      outputSchema?: OutputArgs;
      annotations?: ToolAnnotations;
      _meta?: Record<string, unknown>;
    },
    callback: ToolCallback<InputArgs>,
  ): RegisteredTool {
    const call = callback as unknown as AnyToolCallback;
    // With an input schema the SDK passes (args, extra); without one, (extra) alone.
    const observed: AnyToolCallback = async (...params) => {
      let result: CallToolResult;
      try {
        result = await call(...params);
      } catch (error) {
        return failure(error);
      }
      if (!result.isError && this.#hub.listening) {
        const args = config.inputSchema === undefined ? {} : (params[0] as Record<string, unknown>);
        this.#hub.publish({ tool: name, args, result: result.structuredContent ?? {} });
      }
      return result;
    };
    return super.registerTool(name, config, observed as unknown as ToolCallback<InputArgs>);
  }
}
