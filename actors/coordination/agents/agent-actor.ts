/**
 * `AgentActor`: one durable actor per agent id, `agent:<id>` — the agent's record and token
 * hash, its inbox, event subscriptions and evaluations (as table entries it writes with its
 * turns), and its liveness timer. Its state is a few counters whatever it holds, so a turn
 * costs the same for the first agent or the millionth, the first message or the ten-thousandth.
 *
 * It is spawned by the first registration of its id (`agents/api.ts`) and kept after a
 * deregistration, empty, so that the id's next registration is a new generation. Requests
 * are answered with an `Outcome` once the turn is committed; refusals never fail the actor.
 * The parts of a turn live with their areas:
 *
 *   registration.ts (agents)        register, restore, authenticate, heartbeat, status, deregister
 *   token-turns.ts                  token rotation and revocation
 *   liveness.ts, departure.ts       silence → unresponsive → offline; presence news; purges
 *   messaging/inbox-turns.ts        deliver, notice, acknowledge, expiry
 *   events/subscription-turns.ts    subscribe, unsubscribe
 *   evaluations/evaluation-turns.ts evaluate
 */
import { defineActor, type ReceiveResult, reply } from '../../../src/kernel/index.js';
import { evaluate } from '../evaluations/evaluation-turns.js';
import { changeSubscriptions } from '../events/subscription-turns.js';
import { lockActorId } from '../ids.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { acknowledge, deliver, notice, onExpiryTimer } from '../messaging/inbox-turns.js';
import type { AgentMsg } from './agent-messages.js';
import { AGENT_STATE_VERSION, type AgentState, initialAgentState, migrateAgentState } from './agent-state.js';
import { continueWork } from './departure.js';
import { onLivenessTimer } from './liveness.js';
import { authenticate, deregister, heardFrom, leaseGranted, register, restore } from './registration.js';
import { revokeToken, rotateToken } from './token-turns.js';

/** Only the id: the environment comes with every registration and is kept in the state. */
export interface AgentArgs {
  readonly agentId: string;
}

const answer = ([outcome, state]: readonly [unknown, AgentState]): ReceiveResult<AgentState> =>
  reply(outcome, state);

export const AgentActor = defineActor<AgentMsg, AgentState, AgentArgs>({
  module: import.meta.url,
  name: 'AgentActor',
  // A turn that changes nothing returns the same state object: a read commits nothing.
  immutableState: true,
  version: AGENT_STATE_VERSION,
  migrate: migrateAgentState,
  init: ({ agentId }) => initialAgentState(agentId),
  receive: (state, msg, ctx) => {
    switch (msg.type) {
      case 'register':
        return answer(register(state, msg.registration, msg.env, ctx, msg.access));
      case 'restore':
        return answer(restore(state, msg.seed, msg.env, ctx));
      case 'deregister':
        return answer(deregister(state, ctx));
      case 'heartbeat':
        return answer(heardFrom(state, { status: msg.status, currentTask: msg.currentTask }, ctx));
      case 'update-status':
        return answer(heardFrom(state, { status: msg.status }, ctx));
      case 'authenticate':
        return answer(authenticate(state, msg.token, ctx));
      case 'rotate-token':
        return answer(rotateToken(state, ctx, msg.ttlMs));
      case 'revoke-token':
        return answer(revokeToken(state, ctx));
      case 'deliver':
        return answer(deliver(state, msg, ctx));
      case 'notice':
        return notice(state, msg.from, msg.content, msg.cap ?? DEFAULT_LIMITS.inboxMessages, ctx);
      case 'acknowledge':
        return answer(acknowledge(state, msg.messageId, ctx));
      case 'subscribe':
      case 'unsubscribe':
        return answer(changeSubscriptions(state, msg, ctx));
      case 'evaluate':
        return answer(evaluate(state, msg, ctx));
      case 'lease-granted':
        return leaseGranted(state, msg.lockId ?? lockActorId(msg.path), ctx);
      case 'liveness':
        return onLivenessTimer(state, msg.dueAt, ctx);
      case 'expire':
        return onExpiryTimer(state, msg.dueAt, ctx);
      case 'continue':
        return continueWork(state, ctx);
    }
  },
});
