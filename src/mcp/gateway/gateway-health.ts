/**
 * The `gateway` component of `health` (`../health.ts`): the downstream servers as one
 * check. A server in trouble — `crash_loop`, `missing_env`, waiting in `backoff` to be
 * restarted, or running but `unhealthy` by its last capability check — makes the check
 * `degraded`, naming the server and why; troupe's own tools still answer, so the runtime is
 * never `unhealthy` for a downstream server's sake. Servers starting, idle, stopped or
 * disabled are fine: that is their config, not trouble. It owns the rule, not the facts
 * (the gateway's `ServerStatus`).
 */
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import type { ServerStatus } from '../../../actors/gateway/index.js';

export interface GatewayCheck {
  readonly status: 'healthy' | 'degraded';
  readonly detail: string;
}

/** Servers named in the detail at most (the rest are counted). */
const TROUBLE_SHOWN = 5;
/** Characters of a server's last error kept in the detail. */
const REASON_CHARS = 160;

export async function checkGateway(gateway: Gateway): Promise<GatewayCheck> {
  const statuses = await gateway.servers();
  const troubles = statuses.flatMap((status) => {
    const why = troubleOf(status);
    return why === null ? [] : [`${status.name} (${why})`];
  });
  if (troubles.length === 0) {
    const running = statuses.filter((status) => status.state === 'running').length;
    return { status: 'healthy', detail: `${running} of ${statuses.length} servers running, none in trouble` };
  }
  const named = troubles.slice(0, TROUBLE_SHOWN).join('; ');
  const more = troubles.length > TROUBLE_SHOWN ? `; and ${troubles.length - TROUBLE_SHOWN} more` : '';
  return {
    status: 'degraded',
    detail: `${troubles.length} of ${statuses.length} servers in trouble: ${named}${more}`,
  };
}

/** Why a server counts as trouble, or null when it does not. */
export function troubleOf(status: ServerStatus): string | null {
  switch (status.state) {
    case 'crash_loop': {
      const lastLine = status.lastError?.stderr.at(-1);
      const stderr = lastLine === undefined ? '' : `; stderr: ${clip(lastLine)}`;
      return `crash_loop after ${status.restarts} restarts: ${clip(status.lastError?.message ?? 'crashed')}${stderr}`;
    }
    case 'missing_env': {
      const missing = status.requiredEnvStatus.filter((entry) => entry.status === 'missing');
      return `missing_env: ${missing.map((entry) => entry.name).join(', ')}`;
    }
    case 'backoff':
      return `restarting after a crash: ${clip(status.lastError?.message ?? 'crashed')}`;
    case 'running':
      return status.health?.status === 'unhealthy'
        ? `unhealthy: ${clip(status.health.reasons.join(', ') || 'no reason given')}`
        : null;
    case 'starting':
    case 'idle':
    case 'stopped':
    case 'disabled':
      return null;
  }
}

function clip(text: string): string {
  return text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text;
}
