/**
 * `StepAgents`: how an agent step reaches its agent — `offer` puts the attempt in the agent's
 * (or role's) inbox, `withdraw` takes it back when the step is cancelled or timed out. The
 * agent answers through `reportStepCompletion` / `reportStepFailure` (api.ts) with the run,
 * the step and the attempt it was offered. Offering the same idempotency key again (after a
 * crash) must not make a second piece of work: agent steps are idempotent for the core.
 * The coordination domain's tasks implement it (task-agents.ts); a service may bring its own.
 */

export interface AgentStepOrder {
  readonly runId: string;
  readonly workflow: string;
  readonly step: string;
  readonly child?: number;
  readonly attempt: number;
  readonly idempotencyKey: string;
  readonly role?: string;
  readonly agentId?: string;
  /** The tool the agent is asked to call (seed 003's `tool_to_call`). */
  readonly tool?: string;
  readonly description?: string;
  readonly input: unknown;
  readonly timeoutMs?: number;
  /** The run's tenant (absent: the default tenant): the step's task is in it. */
  readonly tenantId?: string;
}

export interface StepAgents {
  /** Give the step to its agent; answers which agent has it, when it knows (deadlock edges: run-waits.ts). */
  offer(order: AgentStepOrder): Promise<{ readonly agentId?: string } | undefined>;
  withdraw(order: {
    readonly runId: string;
    readonly step: string;
    readonly idempotencyKey: string;
    readonly reason: string;
  }): Promise<void>;
}

/** Agents that are only told through listeners: what a service gets without a coordination domain. */
export function createListeningAgents(onOffer: (order: AgentStepOrder) => void = () => {}): StepAgents {
  return {
    async offer(order) {
      onOffer(order);
      return undefined;
    },
    async withdraw() {},
  };
}
