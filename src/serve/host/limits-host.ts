/**
 * The call limits as the runtime host runs them: one `CallLimiter` (`src/mcp/limits/`) for
 * every session of the runtime, from the config file's `limits` section or its defaults, kept
 * in step with the file — a valid change of the section takes effect without a restart, an
 * invalid one is logged and the running limits kept (`config-follow.ts`). `--no-rate-limits`
 * turns the token buckets off whatever the file says (the size limit stays). It owns the
 * wiring, not the limits.
 */
import type { Logger } from 'pino';
import { CallLimiter } from '../../mcp/limits/call-limiter.js';
import {
  type CallLimitsConfig,
  DEFAULT_CALL_LIMITS,
  parseLimitsConfig,
  UNLIMITED_RATES,
} from '../../mcp/limits/limits-config.js';
import type { LimitsFile } from './config-file.js';
import { followConfigSection } from './config-follow.js';

export interface HostedLimits {
  readonly limiter: CallLimiter;
  stop(): void;
}

export function startHostedLimits(options: {
  readonly source?: LimitsFile;
  readonly rateLimits: boolean;
  readonly log: Logger;
}): HostedLimits {
  const { source, log, rateLimits } = options;
  const applied = (config: CallLimitsConfig): CallLimitsConfig =>
    rateLimits ? config : { ...config, ...UNLIMITED_RATES };
  const limiter = new CallLimiter(applied(source?.config ?? DEFAULT_CALL_LIMITS));
  log.info(summaryOf(limiter.config), 'troupe serve: call limits');
  if (source === undefined) return { limiter, stop() {} };
  const stop = followConfigSection({
    file: source.file,
    text: source.text,
    what: 'limits config',
    log,
    apply: (content) => {
      limiter.configure(applied(parseLimitsConfig(content)));
      return summaryOf(limiter.config);
    },
  });
  return { limiter, stop };
}

function summaryOf(config: CallLimitsConfig): Record<string, unknown> {
  return {
    perAgent: config.perAgent,
    perSession: config.perSession,
    maxStringBytes: config.maxStringBytes,
    maxTracked: config.maxTracked,
  };
}
