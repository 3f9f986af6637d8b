/**
 * The command line of `troupe inspect`, parsed and validated: a bad option or an unknown view
 * is a `UsageError` naming it (printed with the usage, exit code 2). Two forms: a view
 * (`troupe inspect waits --json`), or `--web [host:]port` (the web inspector's page, no view),
 * which, off loopback, needs a bearer token (`--http-token` or `TROUPE_HTTP_TOKEN`), as
 * `troupe serve --http` does.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type HttpBind, isLoopbackHost, parseHttpBind } from '../http/http-options.js';
import { UsageError } from '../serve-options.js';
import { VIEWS } from './inspect-usage.js';

const InspectArgs = z.object({
  view: z.enum(VIEWS),
  'data-dir': z.string().min(1),
  watch: z.boolean(),
  json: z.boolean(),
  interval: z.coerce.number().int().min(100).max(3_600_000),
  /** Read as this agent (its token from `TROUPE_AGENT_TOKEN`): the workflow runs it started. */
  agent: z.string().min(1).max(200).optional(),
});

export type InspectOptions = z.infer<typeof InspectArgs>;

const WebArgs = z.object({
  'data-dir': z.string().min(1),
  /** `[host:]port` (host 127.0.0.1 by default; port 0 picks a free one, printed). */
  web: z.string().transform((value, ctx) => {
    const bind = parseHttpBind(value);
    if (bind === null)
      ctx.addIssue({ code: 'custom', message: 'must be [host:]port, e.g. 8080 or 0.0.0.0:8080' });
    return bind as HttpBind;
  }),
  'http-token': z.string().min(16, 'must be at least 16 characters').optional(),
});

export type WebInspectOptions = z.infer<typeof WebArgs>;

/** What the command line asks for: a view, or the web page. */
export type InspectCommand =
  | { readonly kind: 'view'; readonly options: InspectOptions }
  | { readonly kind: 'web'; readonly options: WebInspectOptions };

export function parseInspectCommand(argv: readonly string[], env: NodeJS.ProcessEnv = {}): InspectCommand {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string', default: './.troupe' },
        watch: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        interval: { type: 'string', default: '1000' },
        agent: { type: 'string' },
        web: { type: 'string' },
        'http-token': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.web !== undefined) return { kind: 'web', options: webOptions(values, positionals, env) };
  if (values['http-token'] !== undefined) throw new UsageError('--http-token: needs --web', '--http-token');
  if (positionals.length !== 1) throw new UsageError(`name one view: ${VIEWS.join(', ')}`, 'view');
  const parsed = InspectArgs.safeParse({ ...values, view: positionals[0] });
  if (parsed.success) return { kind: 'view', options: parsed.data };
  throw usageErrorOf(parsed.error);
}

function webOptions(
  values: Record<string, unknown>,
  positionals: readonly string[],
  env: NodeJS.ProcessEnv,
): WebInspectOptions {
  if (positionals.length > 0) throw new UsageError('--web: shows every view (name none)', '--web');
  for (const option of ['watch', 'json'] as const)
    if (values[option]) throw new UsageError(`--${option}: not with --web`, `--${option}`);
  // An empty TROUPE_HTTP_TOKEN is no token.
  const token = (values['http-token'] as string | undefined) ?? (env.TROUPE_HTTP_TOKEN || undefined);
  const parsed = WebArgs.safeParse({ 'data-dir': values['data-dir'], web: values.web, 'http-token': token });
  if (!parsed.success) throw usageErrorOf(parsed.error);
  const { web, 'http-token': httpToken } = parsed.data;
  if (!isLoopbackHost(web.host) && httpToken === undefined)
    throw new UsageError(
      `--http-token: --web on ${web.host} (not loopback) needs a bearer token (--http-token or TROUPE_HTTP_TOKEN)`,
      '--http-token',
    );
  return parsed.data;
}

function usageErrorOf(error: z.ZodError): UsageError {
  const issue = error.issues[0];
  const name = String(issue?.path[0]);
  const option = name === 'view' ? 'view' : `--${name}`;
  return new UsageError(`${option}: ${issue?.message}`, option);
}
