/**
 * The alerts' `notify` action, through what exists for system events: each firing and
 * resolution of a rule with `notify` is broadcast by the operator as the system event
 * `alert` (`broadcast_system_event`'s path), so every agent subscribed to `alert` (or `*`)
 * with `subscribe_system_events` gets an inbox message `{ event_type: "alert", data }` —
 * urgent for `high` and `critical` — and every MCP session subscribed to that agent's
 * `troupe://agents/{id}/inbox` hears `notifications/resources/updated` (the inbox push).
 * It owns the bridge, not the delivery (`actors/coordination/events/`).
 */
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import { broadcastSystemEvent } from '../../../actors/coordination/events/api.js';
import type { AlertEngine, AlertEvent, AlertLog } from './alert-engine.js';

export const ALERT_EVENT_TYPE = 'alert';

/** Broadcast each `notify` event of `engine` until the returned function is called. */
export function notifyAlertSubscribers(
  engine: AlertEngine,
  domain: AgentsDomain,
  log?: AlertLog,
): () => void {
  return engine.subscribe((event) => {
    void broadcastSystemEvent(
      domain,
      { kind: 'operator' },
      {
        eventType: ALERT_EVENT_TYPE,
        data: alertEventData(event),
        urgent: event.severity === 'high' || event.severity === 'critical',
      },
    )
      .then((outcome) => {
        if (!outcome.ok)
          log?.warn({ alert: event.name, error: outcome.error.message }, 'alert notification refused');
      })
      .catch((error: Error) =>
        log?.warn({ alert: event.name, error: error.message }, 'alert notification failed'),
      );
  });
}

function alertEventData(event: AlertEvent): Record<string, unknown> {
  return {
    name: event.name,
    severity: event.severity,
    status: event.status,
    value: event.value,
    at: new Date(event.at).toISOString(),
    ...(event.description === undefined ? {} : { description: event.description }),
  };
}
