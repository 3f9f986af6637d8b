/**
 * The command line of `troupe inspect`, parsed and validated: a bad option or an unknown view
 * is a `UsageError` naming it (printed with the usage, exit code 2).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
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

export function parseInspectOptions(argv: readonly string[]): InspectOptions {
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
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (positionals.length !== 1) throw new UsageError(`name one view: ${VIEWS.join(', ')}`, 'view');
  const parsed = InspectArgs.safeParse({ ...values, view: positionals[0] });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0]);
  const option = name === 'view' ? 'view' : `--${name}`;
  throw new UsageError(`${option}: ${issue?.message}`, option);
}
