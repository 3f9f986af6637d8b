/**
 * Who may see and steer a workflow run, and who may change a workflow — the rules the
 * workflow API applies to the `Caller` an adapter proved (actors/coordination/caller.ts):
 *
 * - a definition is a shared template: anyone reads it; a workflow first defined by an agent
 *   (`creatorId` proven) is changed — new versions, status — by that agent only, one defined
 *   without an agent by anyone;
 * - a run started by an agent is that agent's: it alone reads the run (its payload, outputs),
 *   lists it, signals, pauses, resumes or cancels it — and reports its steps, with the agent
 *   each agent step was given to; a sub-workflow's child run is its parent's agent's. A run
 *   started without an agent (the CLI, a trigger, an embedding service) is anyone's;
 * - the operator (the embedding API's default) may do everything;
 * - a run is in the tenant it was started in (`coordination/tenancy.ts`): to a caller of
 *   another tenant it does not exist (`not_found`, never listed).
 *
 * Not here: proving who the caller is (the MCP adapter), the run's own rules (../run).
 */
import { type ActorSystem, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../../coordination/caller.js';
import { isInScope, tenantScopeOf } from '../../coordination/tenancy.js';
import { attemptKeyOf, unitNamed } from '../run/unit-named.js';
import type { RunView } from './messages.js';

export const OPERATOR: Caller = Object.freeze({ kind: 'operator' });

const ALLOWED: Outcome<void> = { ok: true, value: undefined };

/** May `caller` use something `owner` owns (`undefined`: nobody owns it)? `what` names it in the refusal. */
function mayUseOwned(owner: string | undefined, caller: Caller, what: string): Outcome<void> {
  if (owner === undefined) return ALLOWED;
  switch (caller.kind) {
    case 'operator':
      return ALLOWED;
    case 'anonymous':
      return refuse(
        'unauthorized',
        `${what} is an agent's: name that agent (agent_id) and prove it`,
        'agent_id',
      );
    case 'agent':
      return caller.agentId === owner
        ? ALLOWED
        : refuse('forbidden', `${what} is "${owner}"'s: "${caller.agentId}" may not use it`, 'agent_id');
  }
}

/** May `caller` read or steer the run started by `startedBy`? */
export function mayUseRun(runId: string, startedBy: string | undefined, caller: Caller): Outcome<void> {
  return mayUseOwned(startedBy, caller, `workflow run "${runId}"`);
}

/** Is the run (its `workflow-runs` line) listed for `caller` (its tenant's, and its own or anyone's)? */
export function isRunVisibleTo(
  system: ActorSystem,
  record: { readonly startedBy?: string; readonly tenantId?: string },
  caller: Caller,
): boolean {
  return (
    isInScope(tenantScopeOf(system, caller), record.tenantId) && mayUseRun('', record.startedBy, caller).ok
  );
}

/** May `caller` change the workflow `name`, first defined by `owner`? */
export function mayChangeWorkflow(name: string, owner: string | undefined, caller: Caller): Outcome<void> {
  return mayUseOwned(owner, caller, `workflow "${name}"`);
}

/**
 * May `caller` report the outcome of a step attempt of the run `view`: the run's agent, or
 * the agent the attempt was given to (`assigneeOf` its idempotency key: an agent step's task,
 * task-agents.ts)?
 */
export function mayReportStep(
  assigneeOf: (idempotencyKey: string) => string | undefined,
  view: RunView,
  caller: Caller,
  address: { readonly step: string; readonly child?: number; readonly attempt: number },
): Outcome<void> {
  const allowed = mayUseRun(view.run.id, view.startedBy, caller);
  if (allowed.ok || caller.kind !== 'agent') return allowed;
  const attempt = unitNamed(view.run, address)?.attempts.find((record) => record.attempt === address.attempt);
  const assignee =
    attempt === undefined ? undefined : assigneeOf(attemptKeyOf(view.run.id, address, attempt));
  return assignee === caller.agentId ? ALLOWED : allowed;
}
