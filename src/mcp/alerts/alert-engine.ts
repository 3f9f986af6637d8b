/**
 * `AlertEngine`: the alert rules (`alert-config.ts`) evaluated over a metrics registry — on an
 * interval (`start`) or when asked (`evaluate(now)`, which tests drive with their own clock).
 * A rule whose condition holds is `pending`, and `firing` once it held `for_s`; it is
 * `resolved` when it no longer holds. Firing and resolving are kept in a bounded history and
 * carried out by the rule's actions: `log` (the logger), `webhook` (a JSON POST, 5 s timeout,
 * its failure logged), `notify` (the engine's listeners: MCP sessions are told from there).
 * `replaceRules` swaps the rules (a config reload): a rule kept with the same expression
 * keeps its state, a removed one leaves the history as it was.
 * It owns the evaluation, not where rules come from or how the history is shown.
 */
import type { Registry } from 'prom-client';
import type { AlertRule, AlertSeverity } from './alert-config.js';

export const HISTORY_LIMIT = 500;
const WEBHOOK_TIMEOUT_MS = 5_000;

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface AlertStatus {
  readonly name: string;
  readonly expr: string;
  readonly severity: AlertSeverity;
  readonly state: AlertState;
  /** The subject's value at the last evaluation (null: not measured yet). */
  readonly value: number | null;
  /** When the condition began to hold (epoch ms), while pending or firing. */
  readonly since: number | null;
}

export interface AlertEvent {
  /** 1, 2, 3… in the order the engine recorded them (history pages are cut by it). */
  readonly seq: number;
  readonly name: string;
  readonly severity: AlertSeverity;
  readonly status: 'firing' | 'resolved';
  readonly value: number;
  readonly at: number;
  readonly description?: string;
}

export interface AlertLog {
  warn(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
}

export interface AlertEngineOptions {
  readonly rules: readonly AlertRule[];
  readonly registry: Registry;
  /** MCP requests answered and failed so far (`error_rate`). */
  readonly operations?: { readonly total: number; readonly failed: number };
  readonly log?: AlertLog;
  readonly now?: () => number;
}

interface RuleState {
  state: AlertState;
  since: number | null;
  value: number | null;
}

export class AlertEngine {
  readonly #options: AlertEngineOptions;
  #rules: readonly AlertRule[];
  readonly #states = new Map<string, RuleState>();
  readonly #history: AlertEvent[] = [];
  readonly #listeners = new Set<(event: AlertEvent) => void>();
  readonly #watchers = new Set<(event: AlertEvent) => void>();
  #previous: { at: number; values: Map<string, number>; total: number; failed: number } | null = null;
  #timer: NodeJS.Timeout | null = null;
  #seq = 0;

  constructor(options: AlertEngineOptions) {
    this.#options = options;
    this.#rules = options.rules;
    for (const rule of options.rules)
      this.#states.set(rule.name, { state: 'inactive', since: null, value: null });
  }

  get rules(): readonly AlertRule[] {
    return this.#rules;
  }

  /**
   * The rules from now on. A rule whose name and expression are unchanged keeps its state
   * (a pending one keeps counting `for_s`); a new or changed one starts inactive; a removed
   * firing one is dropped without a resolution (it is no longer watched).
   */
  replaceRules(rules: readonly AlertRule[]): void {
    const before = new Map(this.#rules.map((rule) => [rule.name, rule.expr]));
    for (const name of [...this.#states.keys()])
      if (!rules.some((rule) => rule.name === name && rule.expr === before.get(name)))
        this.#states.delete(name);
    for (const rule of rules)
      if (!this.#states.has(rule.name))
        this.#states.set(rule.name, { state: 'inactive', since: null, value: null });
    this.#rules = rules;
  }

  /** Evaluate every `intervalMs` until `stop` (with no rule, an evaluation reads nothing). */
  start(intervalMs: number): void {
    if (this.#timer) return;
    let running = false;
    this.#timer = setInterval(() => {
      // An evaluation still waiting for a webhook is not overlapped by the next one.
      if (running) return;
      running = true;
      this.evaluate()
        .catch((error: Error) => this.#options.log?.warn({ error: error.message }, 'alert evaluation failed'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Told of each firing and resolution of a rule with the `notify` action. */
  subscribe(listener: (event: AlertEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Told of every firing and resolution, whatever the rule's actions (views that show them: `troupe://alerts`). */
  onChange(watcher: (event: AlertEvent) => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  statuses(): AlertStatus[] {
    return this.#rules.map((rule) => {
      const state = this.#states.get(rule.name) as RuleState;
      return { name: rule.name, expr: rule.expr, severity: rule.severity, ...state };
    });
  }

  /** Firing and resolved events, oldest first (the latest {@link HISTORY_LIMIT}). */
  history(): readonly AlertEvent[] {
    return this.#history;
  }

  async evaluate(now = (this.#options.now ?? Date.now)()): Promise<void> {
    const rules = this.#rules;
    if (rules.length === 0) return;
    const values = await this.#read();
    const operations = this.#options.operations ?? { total: 0, failed: 0 };
    const previous = this.#previous;
    this.#previous = { at: now, values, total: operations.total, failed: operations.failed };
    for (const rule of rules) {
      const value = this.#valueOf(rule, values, previous, now, operations);
      const state = this.#states.get(rule.name);
      if (value === null || state === undefined) continue;
      state.value = value;
      const holds = compare(value, rule.op, rule.threshold);
      if (!holds) {
        if (state.state === 'firing') await this.#tell(rule, { status: 'resolved', value, at: now });
        state.state = 'inactive';
        state.since = null;
        continue;
      }
      if (state.since === null) state.since = now;
      if (state.state !== 'firing' && now - state.since >= rule.forS * 1000) {
        state.state = 'firing';
        await this.#tell(rule, { status: 'firing', value, at: now });
      } else if (state.state === 'inactive') state.state = 'pending';
    }
  }

  #valueOf(
    rule: AlertRule,
    values: Map<string, number>,
    previous: { at: number; values: Map<string, number>; total: number; failed: number } | null,
    now: number,
    operations: { readonly total: number; readonly failed: number },
  ): number | null {
    const { subject } = rule;
    if (subject.metric === 'error_rate') {
      const total = operations.total - (previous?.total ?? 0);
      const failed = operations.failed - (previous?.failed ?? 0);
      return total <= 0 ? 0 : (failed / total) * 100;
    }
    const current = sumMatching(values, subject.metric, subject.labels);
    if (!subject.rate) return current;
    if (previous === null || now <= previous.at) return null;
    const before = sumMatching(previous.values, subject.metric, subject.labels);
    return Math.max(0, current - before) / ((now - previous.at) / 1000);
  }

  async #read(): Promise<Map<string, number>> {
    const values = new Map<string, number>();
    for (const family of await this.#options.registry.getMetricsAsJSON())
      for (const sample of family.values) {
        const name = (sample as { metricName?: string }).metricName ?? family.name;
        const labels = new Map(Object.entries(sample.labels).map(([k, v]) => [k, String(v)]));
        values.set(keyOf(name, labels), sample.value);
      }
    return values;
  }

  async #tell(rule: AlertRule, change: Pick<AlertEvent, 'status' | 'value' | 'at'>): Promise<void> {
    const event: AlertEvent = {
      seq: ++this.#seq,
      name: rule.name,
      severity: rule.severity,
      ...change,
      ...(rule.description === undefined ? {} : { description: rule.description }),
    };
    this.#history.push(event);
    if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
    for (const watcher of this.#watchers) {
      try {
        watcher(event);
      } catch {
        // A watcher's failure is its own.
      }
    }
    const { log } = this.#options;
    for (const action of rule.actions) {
      switch (action.type) {
        case 'log':
          if (event.status === 'firing') log?.warn({ alert: event }, `alert ${rule.name} firing`);
          else log?.info({ alert: event }, `alert ${rule.name} resolved`);
          break;
        case 'notify':
          for (const listener of this.#listeners) {
            try {
              listener(event);
            } catch {
              // A listener's failure is its own.
            }
          }
          break;
        case 'webhook':
          await fetch(action.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              alert: { ...event, at: new Date(event.at).toISOString(), expr: rule.expr },
            }),
            signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          }).catch((error: Error) =>
            log?.warn({ alert: rule.name, url: action.url, error: error.message }, 'alert webhook failed'),
          );
          break;
      }
    }
  }
}

/** A sample's key: its name and sorted labels. */
function keyOf(name: string, labels: ReadonlyMap<string, string>): string {
  return JSON.stringify([name, [...labels].sort(([a], [b]) => a.localeCompare(b))]);
}

/** The sum of the samples named `name` whose labels include `match`. */
function sumMatching(values: Map<string, number>, name: string, match: ReadonlyMap<string, string>): number {
  let sum = 0;
  for (const [key, value] of values) {
    const [sampleName, labels] = JSON.parse(key) as [string, [string, string][]];
    if (sampleName !== name) continue;
    const own = new Map(labels);
    if ([...match].every(([k, v]) => own.get(k) === v)) sum += value;
  }
  return sum;
}

function compare(value: number, op: AlertRule['op'], threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}
