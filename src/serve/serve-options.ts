/**
 * The command line of `troupe serve`, parsed and validated: a bad option is a `UsageError`
 * that names it (printed with the usage, exit code 2), never a stack trace.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TroupeError } from '../kernel/index.js';
import { SERVE_MODES } from '../mcp/modes.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './framed-transport.js';

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
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = ServeArgs.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const option = `--${String(issue?.path[0])}`;
  throw new UsageError(`${option}: ${issue?.message}`, option);
}
