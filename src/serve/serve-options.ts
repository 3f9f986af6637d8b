/**
 * The command line of `troupe serve`, parsed and validated: a bad option is a `UsageError`
 * that names it (printed with the usage, exit code 2), never a stack trace.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TroupeError } from '../kernel/index.js';
import { SERVE_MODES } from '../mcp/modes.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './framed-transport.js';
import {
  DEFAULT_MAX_SESSIONS,
  DEFAULT_SESSION_TTL_S,
  type HttpBind,
  isLoopbackHost,
  parseHttpBind,
} from './http/http-options.js';

/** A bad command line: code `invalid_option`, and `field` naming the option when one is to blame (`--threads`). */
export class UsageError extends TroupeError {
  constructor(message: string, option?: string) {
    super('invalid_option', message, option === undefined ? {} : { field: option });
  }
}

const ServeArgs = z.object({
  'data-dir': z.string().min(1),
  durability: z.enum(['commit', 'flush', 'memory']),
  threads: z.coerce.number().int().min(1).max(256).optional(),
  /** Default: `debug` in `--mode debug`, `info` otherwise. */
  'log-level': z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  'inbox-limit': z.coerce.number().int().positive().optional(),
  mode: z.enum(SERVE_MODES),
  /** The gateway's config file (default: `troupe.config.json|yaml|yml` in the data dir's parent, if any). */
  config: z.string().min(1).optional(),
  'max-message-bytes': z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024),
  /** `[host:]port` (host 127.0.0.1 by default; port 0 picks a free one, logged as `http.port`). */
  http: z
    .string()
    .transform((value, ctx) => {
      const bind = parseHttpBind(value);
      if (bind === null)
        ctx.addIssue({ code: 'custom', message: 'must be [host:]port, e.g. 8080 or 0.0.0.0:8080' });
      return bind as HttpBind;
    })
    .optional(),
  'http-token': z.string().min(16, 'must be at least 16 characters').optional(),
  'http-session-ttl-s': z.coerce
    .number()
    .positive()
    .max(7 * 24 * 3600),
  'http-max-sessions': z.coerce.number().int().min(1).max(1_000_000),
  'http-stateless': z.boolean(),
  /** Write the bound HTTP port to this file once listening (for scripts that pass `--http …:0`). */
  'http-port-file': z.string().min(1).optional(),
  /** Serve no MCP session on stdio (with `--http`: HTTP only). */
  'no-stdio': z.boolean(),
  /** How often the config file's alert rules are evaluated, in seconds. */
  'alert-interval-s': z.coerce.number().min(0.1).max(3600),
  /** Export traces over OTLP/HTTP (`otel.ts`). */
  otel: z.boolean(),
  /** A file holding the operator's token (else `TROUPE_ADMIN_TOKEN`): `authenticate_operator` proves it. */
  'admin-token-file': z.string().min(1).optional(),
  /** No token buckets on tool calls (the config file's `limits.per_agent` / `per_session` ignored): for benches of raw throughput. */
  'no-rate-limits': z.boolean(),
});

export type ServeOptions = z.infer<typeof ServeArgs>;

export function parseServeOptions(argv: readonly string[]): ServeOptions {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string', default: './.troupe' },
        durability: { type: 'string', default: 'commit' },
        threads: { type: 'string' },
        'log-level': { type: 'string' },
        'inbox-limit': { type: 'string' },
        mode: { type: 'string', default: 'full' },
        config: { type: 'string' },
        'max-message-bytes': { type: 'string', default: String(DEFAULT_MAX_MESSAGE_BYTES) },
        http: { type: 'string' },
        'http-token': { type: 'string', default: process.env.TROUPE_HTTP_TOKEN },
        'http-session-ttl-s': { type: 'string', default: String(DEFAULT_SESSION_TTL_S) },
        'http-max-sessions': { type: 'string', default: String(DEFAULT_MAX_SESSIONS) },
        'http-stateless': { type: 'boolean', default: false },
        'http-port-file': { type: 'string' },
        'no-stdio': { type: 'boolean', default: false },
        'alert-interval-s': { type: 'string', default: '15' },
        otel: { type: 'boolean', default: false },
        'admin-token-file': { type: 'string' },
        'no-rate-limits': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // An empty TROUPE_HTTP_TOKEN is no token.
  if (values['http-token'] === '') delete values['http-token'];
  const parsed = ServeArgs.safeParse(values);
  if (parsed.success) return assertHttpCoherent(parsed.data);
  const issue = parsed.error.issues[0];
  const option = `--${String(issue?.path[0])}`;
  throw new UsageError(`${option}: ${issue?.message}`, option);
}

/** The HTTP options make sense together: a token off loopback, no HTTP option without `--http`. */
function assertHttpCoherent(options: ServeOptions): ServeOptions {
  const { http } = options;
  if (http === undefined) {
    if (options['http-stateless']) throw new UsageError('--http-stateless: needs --http', '--http-stateless');
    if (options['no-stdio'])
      throw new UsageError('--no-stdio: needs --http (nothing would be served)', '--no-stdio');
    if (options['http-port-file'] !== undefined)
      throw new UsageError('--http-port-file: needs --http', '--http-port-file');
    return options;
  }
  if (!isLoopbackHost(http.host) && options['http-token'] === undefined)
    throw new UsageError(
      `--http-token: --http on ${http.host} (not loopback) needs a bearer token (--http-token or TROUPE_HTTP_TOKEN)`,
      '--http-token',
    );
  return options;
}
