/**
 * The errors the gateway raises, each a `TroupeError` with a stable code.
 *
 * The kernel's closed union of codes does not have the gateway's yet: they are listed in
 * {@link GATEWAY_ERROR_CODES} (with their meanings) so that the kernel's list can take them
 * over, and until then this module is the one place that widens a local code to the
 * kernel's type. It owns the classes and `isGatewayError`; which failure is retryable is
 * decided in `routing/failure-kind.ts`.
 */
import { TroupeError, type TroupeErrorCode } from '../../src/kernel/index.js';

/** Every code the gateway raises that the kernel's union lacks, with its one-line meaning. */
export const GATEWAY_ERROR_MEANINGS = {
  invalid_config: 'the gateway config is invalid; each issue names its path (`mcpServers.fetch.args[1]`)',
  missing_env: 'a server needs environment variables that are not set; nothing was started',
  crash_loop: 'a server crashed too often within its window and stays down until restarted',
  server_unavailable: 'the server is not connected (starting, restarting, stopped) or unknown',
  tool_not_found: 'no server offers a tool of that name',
  call_timeout: 'a downstream call got no answer within its timeout; it was cancelled downstream',
  call_cancelled: "a downstream call was cancelled by its caller's signal",
  connection_lost: 'the connection to the server closed while the call was in flight',
  server_busy: 'every slot of the server (max_concurrency) is taken and the wait ran out',
  circuit_open: "the server's circuit breaker refused the call at once",
  rate_limited: "the server's rate limit refused the call; retry after the time it names",
  downstream_error: 'the server answered the request with a protocol error',
} as const satisfies Record<string, string>;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_MEANINGS;

export const GATEWAY_ERROR_CODES: readonly GatewayErrorCode[] = Object.freeze(
  Object.keys(GATEWAY_ERROR_MEANINGS) as GatewayErrorCode[],
);

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
  readonly gatewayCode: GatewayErrorCode;
  readonly server?: string;
  readonly tool?: string;
  readonly retryAfterMs?: number;
  readonly stderr?: readonly string[];
  readonly missingEnv?: readonly string[];

  constructor(code: GatewayErrorCode, message: string, details: GatewayErrorDetails = {}) {
    // The kernel's union does not list the gateway's codes yet (see the module comment).
    super(code as unknown as TroupeErrorCode, message, { cause: details.cause });
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
