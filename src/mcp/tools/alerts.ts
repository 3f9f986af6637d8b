/**
 * The `list_alerts` tool: the alert rules of the config file's `alerts` section with their
 * state (`inactive | pending | firing | resolved`) and the firing/resolved history, newest
 * first, paged (`next_cursor`). Read-only; the rules are evaluated by the runtime's
 * `AlertEngine` (`../alerts/alert-engine.ts`), not here.
 */
import { z } from 'zod';
import type { AlertEngine } from '../alerts/alert-engine.js';
import { READS } from '../annotations.js';
import {
  AlertCountsSchema,
  AlertEventRecordSchema,
  AlertRuleRecordSchema,
  alertCounts,
  alertHistoryPage,
  alertRuleRecords,
} from '../records/alert.js';
import type { ToolRegistry } from '../tool-registry.js';
import { success } from '../tool-result.js';

export const DEFAULT_ALERT_PAGE = 100;
export const MAX_ALERT_PAGE = 500;

export const ListAlertsOutputShape = {
  alerts: z.array(AlertRuleRecordSchema),
  counts: AlertCountsSchema,
  history: z.array(AlertEventRecordSchema),
  next_cursor: z.string().nullable(),
};

export function registerAlertTools(tools: ToolRegistry, engine: AlertEngine): void {
  tools.register(
    'list_alerts',
    {
      title: 'Alerts',
      description:
        "The alert rules of the config file's `alerts` section with their state (inactive | pending: the condition holds, not yet for_s | firing | resolved: fired, no longer holds), and the firing/resolved history, newest first, paged (next_cursor); `name` narrows the history to one rule.",
      inputSchema: {
        name: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a rule name')
          .optional()
          .describe("one rule's history"),
        cursor: z
          .string()
          .regex(/^[1-9][0-9]{0,15}$/, 'must be the next_cursor of a previous page')
          .optional()
          .describe('next_cursor of the previous page'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(MAX_ALERT_PAGE)
          .optional()
          .describe(`history events per page (default ${DEFAULT_ALERT_PAGE})`),
      },
      outputSchema: ListAlertsOutputShape,
      annotations: READS,
      handledBy: 'system',
    },
    async (args) => {
      const alerts = alertRuleRecords(engine);
      const page = alertHistoryPage(engine, {
        ...(args.name === undefined ? {} : { name: args.name }),
        beforeSeq: args.cursor === undefined ? null : Number(args.cursor),
        limit: args.limit ?? DEFAULT_ALERT_PAGE,
      });
      return success({
        alerts,
        counts: alertCounts(alerts),
        history: page.events,
        next_cursor: page.next_cursor,
      });
    },
  );
}
