/**
 * The alerts as the runtime host runs them: an `AlertEngine` over the runtime's metrics
 * registry, evaluated every `intervalMs`, its `notify` action bridged to the system events
 * (`src/mcp/alerts/alert-notify.ts`), and its rules kept in step with the config file — a
 * valid change of the `alerts` section replaces the rules without a restart (a rule kept as it
 * was keeps its state), an invalid one is logged and the running rules kept. Like the gateway's
 * watch, it watches the file's directory (editors save by renaming over the file), debounced.
 * It owns the watch and the interval, not the evaluation (`src/mcp/alerts/`).
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { parseConfigText } from '../../../actors/gateway/config/load-config.js';
import { parseAlertRules } from '../../mcp/alerts/alert-config.js';
import { AlertEngine } from '../../mcp/alerts/alert-engine.js';
import { notifyAlertSubscribers } from '../../mcp/alerts/alert-notify.js';
import type { TroupeMetrics } from '../../mcp/metrics/troupe-metrics.js';
import type { AlertsFile } from './config-file.js';

export const DEFAULT_ALERT_INTERVAL_MS = 15_000;
const DEBOUNCE_MS = 100;

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

  let lastText: string = source.text;
  let timer: NodeJS.Timeout | undefined;
  const reload = async () => {
    let text: string;
    try {
      text = await readFile(source.file, 'utf8');
    } catch (error) {
      log.warn(
        { file: source.file, error: (error as Error).message },
        'troupe serve: alerts config unreadable; the running rules are kept',
      );
      return;
    }
    if (text === lastText) return;
    lastText = text;
    try {
      const rules = parseAlertRules(parseConfigText(text, source.file));
      engine.replaceRules(rules);
      log.info(
        { file: source.file, alerts: rules.map((rule) => rule.name) },
        'troupe serve: alerts config reloaded',
      );
    } catch (error) {
      log.warn(
        { file: source.file, error: (error as Error).message },
        'troupe serve: alerts config is invalid; the running rules are kept',
      );
    }
  };
  const name = basename(source.file);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(source.file), (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), DEBOUNCE_MS);
    });
    watcher.on('error', (error) =>
      log.warn({ file: source.file, error: error.message }, 'troupe serve: alerts config watch failed'),
    );
  } catch (error) {
    log.warn(
      { file: source.file, error: (error as Error).message },
      'troupe serve: alerts config is not followed',
    );
  }
  // One check right away: a change between loading the file and watching it is not missed.
  timer = setTimeout(() => void reload(), DEBOUNCE_MS);
  log.info(
    { file: source.file, alerts: source.rules.map((rule) => rule.name), intervalMs: options.intervalMs },
    'troupe serve: alerts started',
  );
  return {
    engine,
    stop() {
      clearTimeout(timer);
      watcher?.close();
      unsubscribe();
      engine.stop();
    },
  };
}
