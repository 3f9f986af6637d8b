/**
 * Agent steps as tasks of the coordination domain: `offer` delegates a task, made for the
 * attempt, to the step's agent (`assigned_agent_id`) or to the least loaded ready agent of its
 * role (`assigned_role`), through the tasks facade — so the agent finds the step among its
 * tasks (`list_tasks`, `troupe://tasks/{id}`), with the run as the task's `workflow_id` and the
 * run, step, attempt, idempotency key and input in its contextual data — and its inbox has a
 * notice of it (`fetch_inbox`). The task id is derived from the idempotency key: an attempt
 * offered again after a crash finds its task and makes no second one. `withdraw` cancels the
 * task. The agent answers with `reportStepCompletion` / `reportStepFailure`; once the run has
 * taken the report, `settleStepTask` closes the task as the attempt ended (completed with the
 * result, or failed), unless the agent closed it first — so a reported step no longer counts
 * in its agent's load. Not here: the run's side (executor.ts).
 */
import { createHash } from 'node:crypto';
import type { ActorSystem } from '../../../src/kernel/index.js';
import { RefusedError } from '../../../src/kernel/index.js';
import type { AgentMsg } from '../../coordination/agents/agent-messages.js';
import { anonymousIn, type Caller } from '../../coordination/caller.js';
import { agentActorId, isId } from '../../coordination/ids.js';
import { DEFAULT_LIMITS } from '../../coordination/limits.js';
import { AgentDirectory, isReady } from '../../coordination/tasks/agent-view.js';
import { updateTaskStatus } from '../../coordination/tasks/api.js';
import { delegateTask } from '../../coordination/tasks/delegate.js';
import { readTask } from '../../coordination/tasks/task-access.js';
import { isOpen } from '../../coordination/tasks/task-record.js';
import { tenantScopeOf } from '../../coordination/tenancy.js';
import type { AgentStepOrder, StepAgents } from './step-agents.js';

const OPERATOR: Caller = { kind: 'operator' };

/** `wf-<key>` with `[`/`]` made `-`, or a hash of the key past the id limit (128). */
export function stepTaskId(idempotencyKey: string): string {
  const id = `wf-${idempotencyKey.replace(/[[\]]/g, '-')}`;
  return id.length <= 128 && /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]*$/.test(id)
    ? id
    : `wf-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 48)}`;
}

export function createTaskAgents(system: ActorSystem): StepAgents {
  return {
    async offer(order: AgentStepOrder) {
      const taskId = stepTaskId(order.idempotencyKey);
      const offered = readTask(system, taskId);
      // Offered before the crash: the agent has the task (and was told of it then, or not: the task is the record).
      if (offered) return offered.assignedAgentId === null ? {} : { agentId: offered.assignedAgentId };
      // The step's task is in the run's tenant: only its agents are picked, and only they see it.
      const tenantId = order.tenantId ?? null;
      const caller = tenantId === null ? OPERATOR : anonymousIn(tenantId);
      let agentId = order.agentId;
      if (agentId === undefined && order.role !== undefined) {
        const directory = new AgentDirectory(system, tenantScopeOf(system, caller));
        agentId = directory.leastLoaded(directory.withRole(order.role).filter(isReady))?.id;
        if (agentId === undefined)
          throw Object.assign(new Error(`no ready agent has the role "${order.role}"`), { code: 'no_agent' });
      }
      const outcome = await delegateTask(
        system,
        caller,
        null,
        {
          subtaskId: taskId,
          subtaskDescription: order.description ?? `workflow "${order.workflow}" step "${order.step}"`,
          ...(agentId === undefined ? {} : { assignedAgentId: agentId }),
          // Seed 003's Task.workflow_id: the run (one execution of the workflow), which
          // report_step_completion takes as its workflow_id.
          ...(isId(order.runId) ? { workflowId: order.runId } : {}),
          contextualData: {
            workflow_run_id: order.runId,
            workflow: order.workflow,
            step_id: order.step,
            ...(order.child === undefined ? {} : { child: order.child }),
            attempt: order.attempt,
            idempotency_key: order.idempotencyKey,
            ...(order.tool === undefined ? {} : { tool_to_call: order.tool }),
            input: order.input ?? null,
          },
          force: true,
        },
        DEFAULT_LIMITS,
      );
      if (!outcome.ok) throw new RefusedError(outcome.error);
      const holder = outcome.value.assignedAgentId;
      if (holder !== null) await tellAgent(system, holder, taskId, order);
      return holder === null ? {} : { agentId: holder };
    },
    async withdraw(order) {
      const taskId = stepTaskId(order.idempotencyKey);
      const task = readTask(system, taskId);
      if (!task || task.status === 'completed' || task.status === 'cancelled') return;
      // Cancelled as its coordinator would: the step no longer waits for it.
      await updateTaskStatus(system, OPERATOR, { taskId, status: 'cancelled' });
    },
  };
}

/**
 * The agent's inbox hears of its step (`fetch_inbox`: an urgent notice, `event:
 * "workflow_step_assigned"`) when its task is made — once per attempt. The task is the durable
 * record: a notice lost to a crash right after the task was made, refused by the agent's full
 * inbox, or finding the agent gone is not sent again (a message id to deduplicate it would be
 * remembered by the store for ever, one per step).
 */
async function tellAgent(system: ActorSystem, agentId: string, taskId: string, order: AgentStepOrder) {
  const content = {
    event: 'workflow_step_assigned',
    task_id: taskId,
    workflow_id: order.runId,
    run_id: order.runId,
    workflow: order.workflow,
    step_id: order.step,
    ...(order.child === undefined ? {} : { child: order.child }),
    attempt: order.attempt,
    ...(order.description === undefined ? {} : { description: order.description }),
    ...(order.tool === undefined ? {} : { tool_to_call: order.tool }),
    input: order.input ?? null,
  };
  try {
    await system.refOf<AgentMsg>(agentActorId(agentId)).tell({ type: 'notice', from: 'workflows', content });
  } catch {
    // An agent gone meanwhile: its task is still the step's record.
  }
}

/** Close the task of an agent step's attempt that ended: `completed` with the result, or `failed`. */
export async function settleStepTask(
  system: ActorSystem,
  idempotencyKey: string,
  ended: { readonly status: 'completed'; readonly result: unknown } | { readonly status: 'failed' },
): Promise<void> {
  const taskId = stepTaskId(idempotencyKey);
  const task = readTask(system, taskId);
  if (!task || !isOpen(task.status)) return;
  const closed = await updateTaskStatus(system, OPERATOR, {
    taskId,
    status: ended.status,
    ...(ended.status === 'completed' ? { result: ended.result } : {}),
  });
  // A result the task cannot keep (over its size limit) is the step's output still: close it without.
  if (!closed.ok && ended.status === 'completed' && closed.error.field === 'result')
    await updateTaskStatus(system, OPERATOR, { taskId, status: 'completed' });
}
