/**
 * One server entry as a config file writes it: the `mcpServers` format MCP hosts use
 * (`command`, `args`, `env`, `cwd`; or `url` + `headers` for Streamable HTTP), seed 001's
 * `servers` fields (`name`, `description`, `tools` as a list, `required_env`, `port`), and
 * troupe's own fields, all snake_case. Times say their unit (`_ms`, `_s`).
 *
 * Unknown fields are refused (a typo like `max_restart` must not pass silently), except
 * the hosts' own fields listed in {@link HOST_FIELDS_IGNORED}, so that an entry copied
 * from a host's config loads as it is. Which entry is stdio and which is HTTP, and every
 * cross-field rule, is checked in {@link ServerEntrySchema}'s refinement; normalizing into
 * a `ServerConfig` lives in `gateway-config-schema.ts`.
 */
import { z } from 'zod';

/** Fields other hosts write in an entry that troupe accepts and does not use. */
export const HOST_FIELDS_IGNORED = [
  'port', // seed 001: the port of a server troupe talks to over stdio anyway
  'autoApprove', // Cline
  'alwaysAllow', // Roo Code
  'transportType', // Cline
  'timeout', // Cline (seconds), superseded by timeout_ms
] as const;

/** The error of a value of the wrong type: `is required` when absent, `must be <what>` otherwise. */
export function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
  };
}

const text = z.string(expected('a string'));
const nonEmptyText = text.min(1, { error: 'must be a non-empty string' });
const number = z.number(expected('a number'));
const positiveInteger = number.int({ error: 'must be an integer' }).positive({ error: 'must be > 0' });
const nonNegativeInteger = number.int({ error: 'must be an integer' }).nonnegative({ error: 'must be >= 0' });
const positiveNumber = number.positive({ error: 'must be > 0' });
const stringList = z.array(nonEmptyText, expected('a list of strings'));
const stringMap = z.record(text, text, expected('an object of strings'));
const boolean = z.boolean(expected('true or false'));
/** An environment variable's name, as POSIX shells accept it. */
export const envName = text.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: 'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
});

export const BackoffEntrySchema = z
  .object({
    initial_ms: nonNegativeInteger,
    max_ms: nonNegativeInteger,
    factor: number.min(1, { error: 'must be >= 1' }),
  })
  .partial()
  .strict();

export const RestartEntrySchema = z
  .object({ max_restarts: nonNegativeInteger, window_s: positiveNumber, backoff: BackoffEntrySchema })
  .partial()
  .strict();

export const RetryEntrySchema = z
  .object({
    interval_ms: nonNegativeInteger,
    backoff_rate: number.min(1, { error: 'must be >= 1' }),
    max_attempts: positiveInteger,
    max_delay_ms: nonNegativeInteger,
    jitter: z.enum(['none', 'full'], { error: 'must be "none" or "full"' }),
  })
  .partial()
  .strict();

export const RateEntrySchema = z
  .object({ per_second: positiveNumber, burst: positiveInteger.optional() })
  .strict();

export const CacheEntrySchema = z
  .object({ ttl_s: positiveNumber, tools: stringList.optional(), per_session: boolean.optional() })
  .strict();

export const CanaryEntrySchema = z
  .object({
    tool: nonEmptyText,
    arguments: z.record(text, z.unknown(), expected('an object')).optional(),
    timeout_ms: positiveInteger.optional(),
  })
  .strict();

export const HealthEntrySchema = z
  .object({ interval_s: positiveNumber, timeout_ms: positiveInteger, slow_ms: positiveInteger })
  .partial()
  .strict();

export const CircuitEntrySchema = z
  .object({
    failure_ratio: number.gt(0, { error: 'must be > 0' }).max(1, { error: 'must be <= 1' }),
    minimum_calls: positiveInteger,
    window_s: positiveNumber,
    open_s: number.nonnegative({ error: 'must be >= 0' }),
    half_open_max_calls: positiveInteger,
  })
  .partial()
  .strict();

export const ToolFilterEntrySchema = z
  .object({ allow: stringList.optional(), deny: stringList.optional() })
  .strict();

/** The fields that tune a server's handling, which `gateway.defaults` may also set for every server. */
export const TroupeFieldsShape = {
  tags: stringList.optional(),
  capabilities: stringList.optional(),
  provider: nonEmptyText.optional(),
  restart: RestartEntrySchema.optional(),
  timeout_ms: positiveInteger.optional(),
  startup_timeout_ms: positiveInteger.optional(),
  max_concurrency: positiveInteger.optional(),
  rate: RateEntrySchema.optional(),
  cache: CacheEntrySchema.optional(),
  idle_shutdown_s: positiveNumber.optional(),
  retry: RetryEntrySchema.optional(),
  retryable: stringList.optional(),
  health: HealthEntrySchema.optional(),
  circuit: CircuitEntrySchema.optional(),
} as const;

export const DefaultsEntrySchema = z.object(TroupeFieldsShape).strict();

const ignoredShape = Object.fromEntries(HOST_FIELDS_IGNORED.map((field) => [field, z.unknown().optional()]));

export const ServerEntrySchema = z
  .object({
    // How hosts say which transport (Claude Code, VS Code); inferred from command / url when absent.
    type: z
      .enum(['stdio', 'http', 'streamable-http', 'streamableHttp', 'sse'], {
        error: 'must be one of "stdio", "http", "streamable-http"',
      })
      .optional(),
    command: nonEmptyText.optional(),
    args: z.array(text, expected('a list of strings')).optional(),
    env: stringMap.optional(),
    cwd: nonEmptyText.optional(),
    url: nonEmptyText.optional(),
    headers: stringMap.optional(),
    // Seed 001.
    name: nonEmptyText.optional(),
    description: text.optional(),
    required_env: z.array(envName, expected('a list of strings')).optional(),
    tools: z
      .union([stringList, ToolFilterEntrySchema], {
        error: 'must be a list of tool names or { allow, deny }',
      })
      .optional(),
    // troupe.
    ...TroupeFieldsShape,
    lock_argument: z.record(nonEmptyText, nonEmptyText, expected('an object: tool → argument')).optional(),
    /** How long a `lock_argument` call waits for a lease another agent holds; 0: refused at once (`locked`). */
    lock_wait_s: number
      .nonnegative({ error: 'must be >= 0' })
      .max(3_600, { error: 'must be <= 3600' })
      .optional(),
    canary: CanaryEntrySchema.optional(),
    disabled: boolean.optional(),
    /** Some hosts' opposite of `disabled`. */
    enabled: boolean.optional(),
    ...ignoredShape,
  })
  .strict()
  .superRefine((entry, context) => {
    const issue = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (entry.type === 'sse') {
      issue('type', 'must not be "sse": the deprecated SSE transport is not supported, use Streamable HTTP');
      return;
    }
    const wantsHttp = entry.type !== undefined && entry.type !== 'stdio';
    if (entry.command !== undefined && entry.url !== undefined) {
      issue('url', 'must not be set together with command: an entry is either stdio (command) or HTTP (url)');
    } else if (entry.command === undefined && entry.url === undefined) {
      issue(wantsHttp ? 'url' : 'command', 'is required (stdio servers need command, HTTP servers url)');
    } else if (entry.command !== undefined) {
      if (wantsHttp) issue('type', `must be "stdio" for an entry with command, not "${entry.type}"`);
      if (entry.headers !== undefined) issue('headers', 'applies only to HTTP servers (url)');
    } else {
      if (entry.type === 'stdio') issue('type', 'must not be "stdio" for an entry with url');
      for (const field of ['args', 'env', 'cwd'] as const) {
        if (entry[field] !== undefined) issue(field, 'applies only to stdio servers (command)');
      }
      if (entry.url !== undefined && !isHttpUrl(entry.url))
        issue('url', 'must be an http:// or https:// URL');
    }
  });

export type ServerEntry = z.output<typeof ServerEntrySchema>;
export type DefaultsEntry = z.output<typeof DefaultsEntrySchema>;

function isHttpUrl(value: string): boolean {
  // An unresolved `${VAR}` is left as written: the server is then `missing_env`, not the file invalid.
  return /^https?:\/\//.test(value) || value.includes('${');
}
