/**
 * Carrying a session's proven identity over a take-over (several `troupe serve` processes
 * on one data directory, `src/serve/host/`). An attached session reaches the hosting
 * runtime through its own process's session proxy; when the host dies, the proxy replays the
 * session to the next host, and this is what it replays the identity with:
 *
 * - the host tells the proxy of each proof and forgetting with the notification
 *   `notifications/troupe/identity` `{ agent_id, agent_token?, proven }` — the proxy keeps it
 *   in memory and never passes it on to its client;
 * - after a take-over the proxy sends `troupe/restore_identity` `{ agents: [{ agent_id,
 *   agent_token }] }`; the new host binds them unverified, and verifies each on first use.
 *
 * Only sessions that come through a proxy get these (`createMcpServer`'s `relayIdentity`).
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import type { IdentityChange, SessionIdentity } from './identity.js';

export const IDENTITY_NOTICE = 'notifications/troupe/identity';
export const RESTORE_IDENTITY = 'troupe/restore_identity';

export const IdentityNoticeSchema = z.object({
  method: z.literal(IDENTITY_NOTICE),
  params: z.object({ agent_id: z.string(), agent_token: z.string().optional(), proven: z.boolean() }),
});

export const RestoreIdentityRequestSchema = z.object({
  method: z.literal(RESTORE_IDENTITY),
  params: z.object({
    agents: z.array(z.object({ agent_id: z.string().min(1), agent_token: z.string().min(1) })).max(10_000),
  }),
});

export function identityNotice(change: IdentityChange) {
  switch (change.type) {
    case 'proven':
      return {
        method: IDENTITY_NOTICE,
        params: { agent_id: change.agentId, agent_token: change.token, proven: true },
      };
    case 'forgotten':
      return { method: IDENTITY_NOTICE, params: { agent_id: change.agentId, proven: false } };
  }
}

/** Relay `identity`'s changes to the proxy in front of this session, and take its replays. */
export function relayIdentity(server: Server, identity: SessionIdentity): void {
  identity.onChange((change) => {
    const notice = identityNotice(change) as unknown as Parameters<Server['notification']>[0];
    server.notification(notice).catch(() => {});
  });
  server.setRequestHandler(RestoreIdentityRequestSchema, (request) => {
    for (const { agent_id, agent_token } of request.params.agents) identity.restore(agent_id, agent_token);
    return {};
  });
}
