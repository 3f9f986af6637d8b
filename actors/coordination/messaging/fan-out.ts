/**
 * Delivering from the facade: one message to one registered agent (checked in the `agents`
 * table first, so nothing is spawned or stored for an unknown id), or the same message to
 * many — each recipient's actor stores its own copy in its own turn, a bounded number of
 * asks in flight — with what each recipient answered. The cap and size rules are the agent
 * actor's and the callers' (`api.ts`); this module only carries the messages — within the
 * sender's tenant: an agent of another tenant is answered as one not registered.
 */
import { type Outcome, type Refusal, refuse } from '../../../src/kernel/index.js';
import type { AgentMsg, DeliverMsg } from '../agents/agent-messages.js';
import { summaryOf } from '../agents/api.js';
import type { AgentsDomain } from '../agents/domain.js';
import { agentActorId } from '../ids.js';
import { EVERY_TENANT, isAgentInScope, type TenantScope } from '../tenancy.js';
import type { MessageRecord } from './message.js';

/** Recipients of one broadcast or request for assistance, at most. */
export const MAX_RECIPIENTS = 10_000;
/** Deliveries in flight at once for one fan-out. */
const IN_FLIGHT = 32;

export type Letter = Omit<DeliverMsg, 'type' | 'cap'>;

export interface FanOut {
  readonly messages: readonly MessageRecord[];
  /** Recipients that did not take it (an inbox full, an agent deregistered meanwhile), with why. */
  readonly refused: readonly { readonly recipientId: string; readonly error: Refusal }[];
}

export async function deliverTo(
  domain: AgentsDomain,
  recipientId: string,
  letter: Letter,
  field = 'recipient_id',
  scope: TenantScope = EVERY_TENANT,
): Promise<Outcome<MessageRecord>> {
  if (!isAgentInScope(domain.system, scope, recipientId) || !summaryOf(domain, recipientId))
    return refuse('unknown_agent', `no agent "${recipientId}" is registered: nothing was stored`, field);
  const msg: AgentMsg = { type: 'deliver', ...letter, cap: domain.limits.inboxMessages };
  return domain.system.refOf<AgentMsg>(agentActorId(recipientId)).ask<Outcome<MessageRecord>>(msg);
}

export async function deliverToMany(
  domain: AgentsDomain,
  recipientIds: readonly string[],
  letter: Letter,
  scope: TenantScope = EVERY_TENANT,
): Promise<FanOut> {
  const outcomes = new Array<Outcome<MessageRecord>>(recipientIds.length);
  let next = 0;
  const worker = async () => {
    while (next < recipientIds.length) {
      const index = next++;
      outcomes[index] = await deliverTo(domain, recipientIds[index] as string, letter, 'recipient_id', scope);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, recipientIds.length) }, worker));
  const messages: MessageRecord[] = [];
  const refused: { recipientId: string; error: Refusal }[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) messages.push(outcome.value);
    else refused.push({ recipientId: recipientIds[index] as string, error: outcome.error });
  });
  return { messages, refused };
}
