/**
 * The errors the gateway raises, each a `TroupeError` with a stable code from the kernel's
 * one closed union (`src/kernel/errors/codes.ts`, where each code's meaning is written).
 * {@link GATEWAY_ERROR_CODES} lists the subset the gateway raises, which routing decides
 * retries by (`routing/tool-policy.ts`). It owns the classes, `isGatewayError`, and the
 * plain-data form an error takes to cross a thread with its details
 * ({@link GatewayFailure}: `toGatewayFailure` / `gatewayErrorFrom`).
 */
import { ERROR_CODE_MEANINGS, TroupeError, type TroupeErrorCode } from '../../src/kernel/index.js';

/** Every code the gateway raises. */
export const GATEWAY_ERROR_CODES = [
  'invalid_config',
  'missing_env',
  'crash_loop',
  'server_unavailable',
  'tool_not_found',
  'call_timeout',
  'call_cancelled',
  'connection_lost',
  'server_busy',
  'circuit_open',
  'rate_limited',
  'downstream_error',
] as const satisfies readonly (keyof typeof ERROR_CODE_MEANINGS)[];

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** Each gateway code with its one-line meaning (the kernel's wording). */
export const GATEWAY_ERROR_MEANINGS: Readonly<Record<GatewayErrorCode, string>> = Object.freeze(
  Object.fromEntries(GATEWAY_ERROR_CODES.map((code) => [code, ERROR_CODE_MEANINGS[code]])) as Record<
    GatewayErrorCode,
    string
  >,
);

const gatewayCodes: ReadonlySet<string> = new Set(GATEWAY_ERROR_CODES);

export function isGatewayErrorCode(value: unknown): value is GatewayErrorCode {
  return typeof value === 'string' && gatewayCodes.has(value);
}

export interface GatewayErrorDetails {
  /** The downstream server concerned, when one is. */
  readonly server?: string;
  /** The downstream tool concerned, when one is. */
  readonly tool?: string;
  /** When a retry may succeed (circuit open, rate limited). */
  readonly retryAfterMs?: number;
  /** The server's last stderr lines (a server that failed to start or crashed). */
  readonly stderr?: readonly string[];
  /** Environment variables a server lacks (`missing_env`). */
  readonly missingEnv?: readonly string[];
  readonly cause?: unknown;
}

/** A failure of the gateway or of a downstream server, with a code from {@link GATEWAY_ERROR_CODES}. */
export class GatewayError extends TroupeError {
  /** `code`, typed as one of the gateway's. */
  readonly gatewayCode: GatewayErrorCode;
  readonly server?: string;
  readonly tool?: string;
  readonly retryAfterMs?: number;
  readonly stderr?: readonly string[];
  readonly missingEnv?: readonly string[];

  constructor(code: GatewayErrorCode, message: string, details: GatewayErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.gatewayCode = code;
    if (details.server !== undefined) this.server = details.server;
    if (details.tool !== undefined) this.tool = details.tool;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.stderr !== undefined) this.stderr = details.stderr;
    if (details.missingEnv !== undefined) this.missingEnv = details.missingEnv;
  }
}

/** One problem in a config file: where it is and what is wrong with it. */
export interface ConfigIssue {
  /** Dotted path with indexes in brackets: `mcpServers.fetch.args[1]`. */
  readonly path: string;
  /** The wording after the path: `must be a string`. */
  readonly message: string;
}

/** A config that cannot be used: every issue found, each naming its path. */
export class GatewayConfigError extends GatewayError {
  readonly issues: readonly ConfigIssue[];
  /** The file the config came from, when it came from one. */
  readonly file?: string;

  constructor(issues: readonly ConfigIssue[], file?: string) {
    const where = file === undefined ? 'gateway config' : `gateway config ${file}`;
    const lines = issues.map((issue) => `${issue.path} ${issue.message}`);
    super('invalid_config', `${where} is invalid: ${lines.join('; ')}`);
    this.issues = issues;
    if (file !== undefined) this.file = file;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Is `value` a gateway error with `code`? */
export function hasGatewayCode(value: unknown, code: GatewayErrorCode): value is GatewayError {
  return value instanceof GatewayError && value.gatewayCode === code;
}

/**
 * A gateway error as plain data, to cross a thread inside a reply or a message with every
 * detail a caller acts on (the kernel's `ErrorRecord` would keep only code and message).
 */
export interface GatewayFailure {
  /** A gateway code, or another of troupe's (`invalid_argument` for a malformed request). */
  readonly code: TroupeErrorCode;
  readonly message: string;
  /** The field to blame (`invalid_argument`). */
  readonly field?: string;
  readonly server?: string;
  readonly tool?: string;
  readonly retryAfterMs?: number;
  readonly stderr?: readonly string[];
  readonly missingEnv?: readonly string[];
}

/** The answer to a gateway request that crosses a thread: its value, or the failure. */
export type GatewayOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: GatewayFailure };

/**
 * `error` as plain data: a gateway error with its details, another troupe error with its
 * code and field, anything else as a `downstream_error`.
 */
export function toGatewayFailure(error: unknown): GatewayFailure {
  if (!(error instanceof GatewayError)) {
    if (error instanceof TroupeError) {
      const { code, message, field } = error;
      return field === undefined ? { code, message } : { code, message, field };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { code: 'downstream_error', message };
  }
  return {
    code: error.gatewayCode,
    message: error.message,
    ...(error.server === undefined ? {} : { server: error.server }),
    ...(error.tool === undefined ? {} : { tool: error.tool }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.stderr === undefined ? {} : { stderr: [...error.stderr] }),
    ...(error.missingEnv === undefined ? {} : { missingEnv: [...error.missingEnv] }),
  };
}

/** The error a {@link GatewayFailure} describes, rebuilt with its details (a `GatewayError` for a gateway code). */
export function gatewayErrorFrom(failure: GatewayFailure): TroupeError {
  const { code, message, field, ...details } = failure;
  if (isGatewayErrorCode(code)) return new GatewayError(code, message, details);
  return new TroupeError(code, message, field === undefined ? {} : { field });
}

/** A failed outcome. */
export function failed(error: unknown): { readonly ok: false; readonly error: GatewayFailure } {
  return { ok: false, error: toGatewayFailure(error) };
}

/** The value of an outcome, or its failure thrown as a {@link GatewayError} (another `TroupeError` for a non-gateway code). */
export function unwrapOutcome<T>(outcome: GatewayOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw gatewayErrorFrom(outcome.error);
}
