/**
 * The options of the embedding API (`startGateway`, `Gateway.callTool`), each validated
 * with zod so that a bad one is refused with an `InvalidArgumentError` naming its path
 * (`options.timeoutMs must be > 0`), and every default in {@link EMBEDDING_DEFAULTS}.
 */
import type { Implementation, Progress } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { InvalidArgumentError, parseOrThrow } from '../../../src/kernel/index.js';
import type { LogMessage } from '../call-events.js';
import type { Environment } from '../config/env-expansion.js';
import type { AcquireLease } from './lease-bridge.js';

export const EMBEDDING_DEFAULTS = {
  /** How long the handle waits for any answer of the directory (a backstop: calls time out downstream). */
  askTimeoutMs: 15 * 60_000,
  /** How long `startGateway` and `reload` wait for the servers to settle. */
  settleTimeoutMs: 120_000,
} as const;

export interface StartGatewayOptions {
  /** The directory actor's id (default `gateway`): one gateway per id per runtime. */
  readonly id?: string;
  /** Where `required_env` and `${VAR}` are looked up (default: `process.env`). */
  readonly env?: Environment;
  /** Each stage of stopping a stdio server waits this long (see the launcher). */
  readonly graceMs?: number;
  readonly clientInfo?: Implementation;
  /** Consecutive unhealthy checks after which a running server is restarted. */
  readonly unhealthyChecksBeforeRestart?: number;
  /** Bounds of the shared result cache. */
  readonly cache?: { readonly maxEntries?: number; readonly maxBytes?: number };
  /**
   * Troupe's lease on a path, for tools with a `lock_argument`: resolves once held, with
   * the function that gives it back. Without it, such tools are called unlocked.
   */
  readonly acquireLease?: AcquireLease;
  readonly askTimeoutMs?: number;
  /** Resolve `startGateway` only once every server has settled its first start (default true). */
  readonly waitForServers?: boolean;
  /**
   * Servers started together (the first config, servers a reload adds) start this far apart,
   * in config order (default 25 ms, `SERVER_START_STAGGER_MS`); with `waitForServers: false`
   * the gateway serves the tools of the servers up while the rest are still starting.
   */
  readonly startStaggerMs?: number;
  /**
   * False: a plain gateway (troupe's `--mode disabled`) — no result is cached and no lease
   * is taken, whatever the config says (default true).
   */
  readonly orchestration?: boolean;
}

export interface GatewayCallOptions {
  /** Cancels the call: downstream, the request gets `notifications/cancelled`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: Progress) => void;
  /** Log messages (`notifications/message`) the server sends while the call runs. */
  readonly onLog?: (message: LogMessage) => void;
  /** Overrides the server's `timeout_ms` for each attempt. */
  readonly timeoutMs?: number;
  /** Keys the cache for servers with `cache.per_session`. */
  readonly sessionId?: string;
  /** Who takes the lease of a `lock_argument` tool (default: the call itself). */
  readonly agentId?: string;
  /** Goes downstream in the request's `_meta` (`troupe/idempotencyKey`). */
  readonly idempotencyKey?: string;
}

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `must be ${what}`);
const text = z.string().min(1, 'must be a non-empty string').max(200, 'must be at most 200 characters');
const positiveInteger = z.number().int('must be an integer').positive('must be > 0');

const StartGatewayOptionsSchema = z
  .object({
    id: text.optional(),
    env: z.record(z.string(), z.string().optional()).optional(),
    graceMs: z.number().int('must be an integer').nonnegative('must be >= 0').optional(),
    clientInfo: z.object({ name: z.string(), version: z.string() }).loose().optional(),
    unhealthyChecksBeforeRestart: positiveInteger.optional(),
    cache: z
      .object({ maxEntries: positiveInteger.optional(), maxBytes: positiveInteger.optional() })
      .strict()
      .optional(),
    acquireLease: fn('a function (path, agentId) => release').optional(),
    askTimeoutMs: positiveInteger.optional(),
    waitForServers: z.boolean().optional(),
    startStaggerMs: z.number().int('must be an integer').nonnegative('must be >= 0').optional(),
    orchestration: z.boolean().optional(),
  })
  .strict();

const CallOptionsSchema = z
  .object({
    signal: z
      .custom<AbortSignal>((value) => value instanceof AbortSignal, 'must be an AbortSignal')
      .optional(),
    onProgress: fn('a function').optional(),
    onLog: fn('a function').optional(),
    timeoutMs: positiveInteger.optional(),
    sessionId: text.optional(),
    agentId: text.optional(),
    idempotencyKey: text.optional(),
  })
  .strict();

const ArgumentsSchema = z.record(z.string(), z.unknown(), 'must be an object of arguments');

export function parseStartOptions(options: unknown): StartGatewayOptions {
  return parseOrThrow(StartGatewayOptionsSchema, options ?? {}, 'options', invalid) as StartGatewayOptions;
}

/*
 * The per-call parsers run on every tool call. Each first checks, by hand, that its input
 * is plainly valid — a subset of what the schema accepts, and what every well-formed call
 * is — and only otherwise runs the schema, which refuses with the wording naming the field
 * (or accepts the rare valid input the quick check was too strict for). Nothing the schema
 * refuses passes the quick check.
 */

const CALL_OPTION_KEYS: ReadonlySet<string> = new Set(Object.keys(CallOptionsSchema.shape));

export function parseCallOptions(options: unknown): GatewayCallOptions {
  if (options === undefined) return {};
  if (isPlainlyValidCallOptions(options)) return options;
  return parseOrThrow(CallOptionsSchema, options ?? {}, 'options', invalid) as GatewayCallOptions;
}

export function parseArguments(args: unknown, root: string): Record<string, unknown> {
  if (args === undefined) return {};
  if (isPlainRecord(args)) return args;
  return parseOrThrow(ArgumentsSchema, args ?? {}, root, invalid);
}

export function parseName(name: unknown, root: string): string {
  if (isPlainlyValidText(name)) return name;
  return parseOrThrow(text, name, root, invalid);
}

function isPlainlyValidCallOptions(options: unknown): options is GatewayCallOptions {
  if (!isPlainRecord(options)) return false;
  for (const key in options) {
    if (!CALL_OPTION_KEYS.has(key)) return false;
    const value = options[key];
    if (value === undefined) continue;
    switch (key) {
      case 'signal':
        if (!(value instanceof AbortSignal)) return false;
        break;
      case 'onProgress':
      case 'onLog':
        if (typeof value !== 'function') return false;
        break;
      case 'timeoutMs':
        if (!Number.isSafeInteger(value) || (value as number) <= 0) return false;
        break;
      default:
        if (!isPlainlyValidText(value)) return false;
    }
  }
  return true;
}

/** An object literal (or null-prototype record) with string keys only. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) && Object.getOwnPropertySymbols(value).length === 0
  );
}

function isPlainlyValidText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 200;
}

function invalid(path: string, wording: string): InvalidArgumentError {
  return new InvalidArgumentError(path, wording);
}
