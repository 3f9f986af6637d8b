/**
 * The `alerts` section of `troupe.config.json|yaml` (seed 004's `createAlert`), validated:
 *
 * ```yaml
 * alerts:
 *   - name: high-error-rate
 *     expr: error_rate > 5          # subject op number
 *     for_s: 300                    # how long the condition must hold before it fires
 *     severity: high                # low | medium | high | critical
 *     description: MCP calls fail   # optional
 *     actions: [log, notify, { webhook: "http://127.0.0.1:9000/hook" }]
 * ```
 *
 * A subject is `error_rate` (the percentage of MCP requests answered with an error since the
 * previous evaluation), a metric family (`troupe_dead_letters_total{reason="mailbox-full"}`:
 * the sum of its samples whose labels match), or `rate(<family>{…})` (its increase per
 * second since the previous evaluation). Every problem is reported at once, each naming its
 * path (`alerts[0].expr`). It owns the shape, not the evaluation (`alert-engine.ts`).
 */
import { z } from 'zod';
import { TroupeError } from '../../kernel/index.js';

export const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export type AlertAction =
  | { readonly type: 'log' }
  | { readonly type: 'notify' }
  | { readonly type: 'webhook'; readonly url: string };

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface AlertSubject {
  /** `error_rate`, or a metric family's name. */
  readonly metric: string;
  readonly labels: ReadonlyMap<string, string>;
  /** `rate(…)`: per second since the previous evaluation. */
  readonly rate: boolean;
}

export interface AlertRule {
  readonly name: string;
  readonly expr: string;
  readonly subject: AlertSubject;
  readonly op: Comparison;
  readonly threshold: number;
  readonly forS: number;
  readonly severity: AlertSeverity;
  readonly description?: string;
  readonly actions: readonly AlertAction[];
}

/** A bad `alerts` section: `field` names the first problem's path, the message lists them all. */
export class AlertConfigError extends TroupeError {
  constructor(readonly issues: readonly { readonly path: string; readonly message: string }[]) {
    super(
      'invalid_option',
      `invalid alerts config: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
      {
        field: issues[0]?.path ?? 'alerts',
      },
    );
  }
}

const EXPR =
  /^\s*(rate\(\s*)?([a-zA-Z_][a-zA-Z0-9_]*)(\{([^}]*)\})?(\s*\))?\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"]*)"\s*$/;

/** `subject op number`, or null when `expr` is not one. */
export function parseAlertExpr(
  expr: string,
): { subject: AlertSubject; op: Comparison; threshold: number } | null {
  const match = EXPR.exec(expr);
  if (!match) return null;
  const [, rateOpen, metric = '', , rawLabels, rateClose, op, number] = match;
  if (Boolean(rateOpen) !== Boolean(rateClose)) return null;
  const labels = new Map<string, string>();
  if (rawLabels !== undefined && rawLabels.trim() !== '')
    for (const part of rawLabels.split(',')) {
      const label = LABEL.exec(part);
      if (!label) return null;
      labels.set(label[1] as string, label[2] as string);
    }
  return {
    subject: { metric, labels, rate: Boolean(rateOpen) },
    op: op as Comparison,
    threshold: Number(number),
  };
}

const ActionSchema = z.union([
  z.enum(['log', 'notify']).transform((type): AlertAction => ({ type })),
  z
    .object({ webhook: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) })
    .strict()
    .transform(({ webhook }): AlertAction => ({ type: 'webhook', url: webhook })),
]);

const RuleSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . -'),
    expr: z.string().max(512),
    for_s: z.number().min(0).max(86_400).default(0),
    severity: z.enum(ALERT_SEVERITIES).default('medium'),
    description: z.string().max(1_000).optional(),
    actions: z
      .array(ActionSchema)
      .max(10)
      .default([{ type: 'log' }]),
  })
  .strict();

export const AlertsSectionSchema = z.array(RuleSchema).max(100);

/** The rules of a config file's parsed content (none without an `alerts` section); throws {@link AlertConfigError}. */
export function parseAlertRules(content: unknown): AlertRule[] {
  if (typeof content !== 'object' || content === null || !('alerts' in content)) return [];
  const parsed = AlertsSectionSchema.safeParse((content as { alerts: unknown }).alerts);
  const issues: { path: string; message: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      issues.push({ path: pathOf(issue.path), message: issue.message });
    throw new AlertConfigError(issues);
  }
  const names = new Set<string>();
  const rules: AlertRule[] = [];
  parsed.data.forEach((rule, index) => {
    if (names.has(rule.name))
      issues.push({ path: `alerts[${index}].name`, message: `repeats "${rule.name}"` });
    names.add(rule.name);
    const expr = parseAlertExpr(rule.expr);
    if (expr === null) {
      issues.push({
        path: `alerts[${index}].expr`,
        message:
          'must be "<subject> <op> <number>", e.g. error_rate > 5 or rate(troupe_dead_letters_total) > 1',
      });
      return;
    }
    rules.push({
      name: rule.name,
      expr: rule.expr,
      ...expr,
      forS: rule.for_s,
      severity: rule.severity,
      ...(rule.description === undefined ? {} : { description: rule.description }),
      actions: rule.actions,
    });
  });
  if (issues.length > 0) throw new AlertConfigError(issues);
  return rules;
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = 'alerts';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}
