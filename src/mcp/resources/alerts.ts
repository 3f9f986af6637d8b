/**
 * `troupe://alerts`: the alert rules with their state and the latest firing/resolved events,
 * newest first — the first page `list_alerts` gives (`../tools/alerts.ts`). A read-only view
 * of the runtime's `AlertEngine`; a session subscribed to it hears
 * `notifications/resources/updated` on every firing and resolution (`register.ts`).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AlertEngine } from '../alerts/alert-engine.js';
import { alertCounts, alertHistoryPage, alertRuleRecords } from '../records/alert.js';
import { DEFAULT_ALERT_PAGE } from '../tools/alerts.js';
import { JSON_MIME, jsonContents } from './contents.js';
import { FIXED_URIS } from './uris.js';

export const ALERTS_URI = FIXED_URIS.alerts;

export function registerAlertsResource(server: McpServer, engine: AlertEngine): void {
  server.registerResource(
    'alerts',
    ALERTS_URI,
    {
      mimeType: JSON_MIME,
      title: 'Alerts',
      description: 'Alert rules with their state (inactive, pending, firing, resolved) and the latest events',
    },
    async (uri) => {
      const alerts = alertRuleRecords(engine);
      const page = alertHistoryPage(engine, { beforeSeq: null, limit: DEFAULT_ALERT_PAGE });
      return jsonContents(uri, {
        alerts,
        counts: alertCounts(alerts),
        history: page.events,
        next_cursor: page.next_cursor,
      });
    },
  );
}
