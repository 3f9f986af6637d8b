/**
 * `StepTools`: how a tool step's attempt is carried out — `call(name, args, options)` with the
 * attempt's idempotency key (a tool that can use it makes a re-sent attempt harmless) and an
 * abort signal (a timeout, a cancel, the wall-time budget). Implemented first by functions an
 * embedding service registers (`createFunctionTools`); the gateway (downstream MCP servers)
 * implements the same interface. A tool fails by throwing: an error's string `code` and
 * boolean `retryable` are kept (`tool_failed` otherwise).
 * Not here: when to call, retry or fall back (the core decides; executor.ts calls).
 */
import { InvalidArgumentError } from '../../../src/kernel/index.js';
import type { RunLeases } from './run-waits.js';

export interface ToolCallOptions {
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  /** `provider: a|b` — the target this attempt uses. */
  readonly provider?: string;
  /** The step's evaluated `config` (without `timeout` and `fallback`). */
  readonly config: unknown;
  /** The definition's `guards.security`, as written. */
  readonly security?: Readonly<Record<string, unknown>>;
  readonly runId: string;
  readonly step: string;
  readonly attempt: number;
  /**
   * A tool that takes a file lease for the run (as `agentId`) says so: `held(agentId)` — whoever
   * then waits on that lease waits for the run (deadlock detection, run-waits.ts).
   */
  readonly leases?: RunLeases;
}

export interface ToolUsage {
  readonly tokens?: number;
  readonly cost?: number;
}

export interface ToolCallResult {
  readonly output: unknown;
  readonly usage?: ToolUsage;
}

export interface StepTools {
  call(name: string, args: unknown, options: ToolCallOptions): Promise<ToolCallResult>;
}

export type ToolFunction = (
  args: unknown,
  options: ToolCallOptions,
) => ToolCallResult | Promise<ToolCallResult>;

/** A tool step's failure as the core takes it. */
export interface ToolFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable?: boolean;
}

/**
 * Tools from functions, by name. A name not registered goes to `fallback` when there is one
 * (the gateway's tools: `createFunctionTools({ inc }, createGatewayTools(gateway))`), else
 * fails the attempt with `unknown_tool`.
 */
export function createFunctionTools(
  functions: ReadonlyMap<string, ToolFunction> | Record<string, ToolFunction>,
  fallback?: StepTools,
): StepTools {
  const byName = functions instanceof Map ? new Map(functions) : new Map(Object.entries(functions));
  for (const [name, fn] of byName)
    if (typeof fn !== 'function') throw new InvalidArgumentError(`tools.${name}`, 'must be a function');
  if (fallback !== undefined && typeof (fallback as Partial<StepTools>).call !== 'function')
    throw new InvalidArgumentError(
      'fallback',
      'must be tools: an object with a call(name, args, options) method',
    );
  return {
    async call(name, args, options) {
      const fn = byName.get(name);
      if (fn) return fn(args, options);
      if (fallback) return fallback.call(name, args, options);
      throw Object.assign(new Error(`no tool "${name}" is registered`), {
        code: 'unknown_tool',
        retryable: false,
      });
    },
  };
}

/** What a thrown error says about the attempt. */
export function toToolFailure(error: unknown): ToolFailure {
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code =
    typeof fields.code === 'string' && fields.code.length > 0 ? fields.code.slice(0, 100) : 'tool_failed';
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 10_000);
  return { code, message, ...(typeof fields.retryable === 'boolean' ? { retryable: fields.retryable } : {}) };
}
