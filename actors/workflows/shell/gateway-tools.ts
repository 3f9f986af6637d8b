/**
 * `createGatewayTools`: tool steps carried out through the gateway (downstream MCP servers) —
 * the step's tool by its exposed name (`<server>__<tool>`, or a tool name the gateway routes),
 * or, with `provider: a|b`, that provider group or server; the attempt's idempotency key goes
 * downstream in the request's `_meta`, the abort signal cancels the call there. A downstream
 * error result fails the attempt (`tool_failed`); a gateway refusal keeps its code and whether
 * it may be retried. The step's output is the result's structured content, else its text
 * parsed as JSON, else the text; usage (`tokens`, `cost`) is read from the result's `_meta.usage`.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../gateway/embedding/gateway.js';
import type { StepTools, ToolCallResult, ToolUsage } from './step-tools.js';

class ToolStepError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function textOf(result: CallToolResult): string {
  return result.content
    .map((part) => (part.type === 'text' ? part.text : ''))
    .join('')
    .trim();
}

function outputOf(result: CallToolResult): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const text = textOf(result);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function usageOf(result: CallToolResult): ToolUsage | undefined {
  const usage = (result._meta as { usage?: { tokens?: unknown; cost?: unknown } } | undefined)?.usage;
  if (!usage) return undefined;
  return {
    ...(typeof usage.tokens === 'number' ? { tokens: usage.tokens } : {}),
    ...(typeof usage.cost === 'number' ? { cost: usage.cost } : {}),
  };
}

export function createGatewayTools(gateway: Gateway): StepTools {
  return {
    async call(name, args, options): Promise<ToolCallResult> {
      const params = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
      const callOptions = { signal: options.signal, idempotencyKey: options.idempotencyKey };
      let answered: Awaited<ReturnType<Gateway['callTool']>>;
      try {
        answered = options.provider
          ? await gateway.route(options.provider, name, params, callOptions)
          : await gateway.callTool(name, params, callOptions);
      } catch (error) {
        const failure = error as { code?: unknown; message?: unknown; retryable?: unknown };
        throw new ToolStepError(
          typeof failure.code === 'string' ? failure.code : 'tool_failed',
          typeof failure.message === 'string' ? failure.message : String(error),
          failure.retryable === true,
        );
      }
      if (answered.result.isError)
        throw new ToolStepError('tool_failed', textOf(answered.result) || `${name} answered an error`, false);
      const usage = usageOf(answered.result);
      return { output: outputOf(answered.result), ...(usage ? { usage } : {}) };
    },
  };
}
