/**
 * The alerts as the runtime host runs them: an `AlertEngine` over the runtime's metrics
 * registry, evaluated every `intervalMs`, its `notify` action bridged to the system events
 * (`src/mcp/alerts/alert-notify.ts`), and its rules kept in step with the config file — a
 * valid change of the `alerts` section replaces the rules without a restart (a rule kept as it
 * was keeps its state), an invalid one is logged and the running rules kept (`config-follow.ts`).
 * It owns the interval, not the evaluation (`src/mcp/alerts/`).
 */
import type { Logger } from 'pino';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { parseAlertRules } from '../../mcp/alerts/alert-config.js';
import { AlertEngine } from '../../mcp/alerts/alert-engine.js';
import { notifyAlertSubscribers } from '../../mcp/alerts/alert-notify.js';
import type { TroupeMetrics } from '../../mcp/metrics/troupe-metrics.js';
import type { AlertsFile } from './config-file.js';
import { followConfigSection } from './config-follow.js';

export const DEFAULT_ALERT_INTERVAL_MS = 15_000;

export interface HostedAlerts {
  readonly engine: AlertEngine;
  stop(): void;
}

export function startHostedAlerts(
  source: AlertsFile,
  options: {
    readonly metrics: TroupeMetrics;
    readonly domain: AgentsDomain;
    readonly log: Logger;
    readonly intervalMs: number;
  },
): HostedAlerts {
  const { log } = options;
  const engine = new AlertEngine({
    rules: source.rules,
    registry: options.metrics.registry,
    operations: options.metrics.mcp.operations,
    log,
  });
  const unsubscribe = notifyAlertSubscribers(engine, options.domain, log);
  engine.start(options.intervalMs);

  const stopFollowing = followConfigSection({
    file: source.file,
    text: source.text,
    what: 'alerts config',
    log,
    apply: (content) => {
      const rules = parseAlertRules(content);
      engine.replaceRules(rules);
      return { alerts: rules.map((rule) => rule.name) };
    },
  });
  log.info(
    { file: source.file, alerts: source.rules.map((rule) => rule.name), intervalMs: options.intervalMs },
    'troupe serve: alerts started',
  );
  return {
    engine,
    stop() {
      stopFollowing();
      unsubscribe();
      engine.stop();
    },
  };
}
