/**
 * `troupe://audit`: the latest audit events (the last hour's first page, oldest first) — what
 * `get_audit_events` gives without filters (`../tools/access.ts`). Read through the access
 * gate like every resource; without a roles policy only the operator's session reads it.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { queryAuditEvents } from '../../../actors/access/audit/api.js';
import { EVERY_TENANT } from '../../../actors/coordination/tenancy.js';
import type { AccessControl } from '../access/access-control.js';
import type { SessionGate } from '../access/session-gate.js';
import { INVALID_REQUEST, protocolError } from '../protocol/errors.js';
import { auditRecord } from '../tools/access.js';
import { JSON_MIME, jsonContents } from './contents.js';

export const AUDIT_URI = 'troupe://audit';
const WINDOW_MS = 3_600_000;

export function registerAuditResource(server: McpServer, control: AccessControl, gate: SessionGate): void {
  server.registerResource(
    'audit',
    AUDIT_URI,
    {
      mimeType: JSON_MIME,
      title: 'Audit log',
      description:
        'The audit events of the last hour (calls that changed something, and refusals), oldest first',
    },
    async (uri) => {
      if (control.policy === null && !gate.isOperator)
        throw protocolError(INVALID_REQUEST, 'troupe://audit: only the operator reads the audit log', {
          code: 'forbidden',
        });
      const log = control.audit;
      if (log === null) return jsonContents(uri, { events: [], next_cursor: null });
      await log.settled();
      // The session's tenant's events only (the operator's: every tenant's).
      const scope = gate.isOperator ? EVERY_TENANT : ({ kind: 'one', tenantId: gate.tenantId } as const);
      const page = queryAuditEvents(log.system, { start: Math.max(0, control.now() - WINDOW_MS) }, scope);
      const events = page.ok ? page.value.events.map(auditRecord) : [];
      return jsonContents(uri, { events, next_cursor: page.ok ? page.value.nextCursor : null });
    },
  );
}
