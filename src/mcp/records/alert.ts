/**
 * Alerts over MCP (`list_alerts`, `troupe://alerts`, `GET /monitoring/dashboard`): each rule
 * with its state, and the firing/resolved history, newest first. A rule's `state` is the
 * engine's (`inactive | pending | firing`), told apart once more: an inactive rule whose last
 * event is a resolution is `resolved`. Nothing here evaluates a rule (`../alerts/`).
 */
import { z } from 'zod';
import { ALERT_SEVERITIES } from '../alerts/alert-config.js';
import type { AlertEngine, AlertEvent } from '../alerts/alert-engine.js';
import { IsoTimeSchema, isoTime, isoTimeOrNull } from './time.js';

export const ALERT_RULE_STATES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertRuleState = (typeof ALERT_RULE_STATES)[number];

export const AlertRuleRecordSchema = z.object({
  name: z.string(),
  expr: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  state: z.enum(ALERT_RULE_STATES),
  for_s: z.number(),
  value: z.number().nullable().describe("the subject's value at the last evaluation"),
  since: IsoTimeSchema.nullable().describe('when the condition began to hold (pending or firing)'),
  actions: z.array(z.string()).describe('log, notify, webhook'),
  description: z.string().optional(),
});

export const AlertEventRecordSchema = z.object({
  seq: z.number().int(),
  name: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(['firing', 'resolved']),
  value: z.number(),
  at: IsoTimeSchema,
  description: z.string().optional(),
});

export const AlertCountsSchema = z.object({
  total: z.number().int(),
  pending: z.number().int(),
  firing: z.number().int(),
  resolved: z.number().int(),
});

export type AlertRuleRecord = z.infer<typeof AlertRuleRecordSchema>;
export type AlertEventRecord = z.infer<typeof AlertEventRecordSchema>;
export type AlertCounts = z.infer<typeof AlertCountsSchema>;

/** Every rule of `engine` with its state. */
export function alertRuleRecords(engine: AlertEngine): AlertRuleRecord[] {
  const lastStatus = new Map<string, AlertEvent['status']>();
  for (const event of engine.history()) lastStatus.set(event.name, event.status);
  const rules = new Map(engine.rules.map((rule) => [rule.name, rule]));
  return engine.statuses().map((status) => {
    const rule = rules.get(status.name);
    const state: AlertRuleState =
      status.state === 'inactive' && lastStatus.get(status.name) === 'resolved' ? 'resolved' : status.state;
    return {
      name: status.name,
      expr: status.expr,
      severity: status.severity,
      state,
      for_s: rule?.forS ?? 0,
      value: status.value,
      since: isoTimeOrNull(status.since),
      actions: (rule?.actions ?? []).map((action) => action.type),
      ...(rule?.description === undefined ? {} : { description: rule.description }),
    };
  });
}

export function alertEventRecord(event: AlertEvent): AlertEventRecord {
  return {
    seq: event.seq,
    name: event.name,
    severity: event.severity,
    status: event.status,
    value: event.value,
    at: isoTime(event.at),
    ...(event.description === undefined ? {} : { description: event.description }),
  };
}

/** Rules by state (`total` counts them all). */
export function alertCounts(rules: readonly AlertRuleRecord[]): AlertCounts {
  const count = (state: AlertRuleState) => rules.filter((rule) => rule.state === state).length;
  return {
    total: rules.length,
    pending: count('pending'),
    firing: count('firing'),
    resolved: count('resolved'),
  };
}

/** One page of the history, newest first: the events before `beforeSeq` (all when null). */
export function alertHistoryPage(
  engine: AlertEngine,
  options: { readonly name?: string; readonly beforeSeq: number | null; readonly limit: number },
): { events: AlertEventRecord[]; next_cursor: string | null } {
  const events: AlertEventRecord[] = [];
  const history = engine.history();
  for (let index = history.length - 1; index >= 0; index--) {
    const event = history[index] as AlertEvent;
    if (options.beforeSeq !== null && event.seq >= options.beforeSeq) continue;
    if (options.name !== undefined && event.name !== options.name) continue;
    if (events.length === options.limit)
      return { events, next_cursor: String((events.at(-1) as AlertEventRecord).seq) };
    events.push(alertEventRecord(event));
  }
  return { events, next_cursor: null };
}
