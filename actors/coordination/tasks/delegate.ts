/**
 * Delegation (seed 003's `delegate_subtask`): a task given to an agent by its coordinator,
 * created when it does not exist. What the tables can tell is checked here, before the task
 * actor is asked — the caller coordinates the task (so nobody else learns about the
 * delegate), the named delegate is registered (`unknown_agent`), online (`agent_offline`) and
 * able (`missing_capabilities`), the last two unless `force` — and the task actor checks
 * again what only it knows. Without a named delegate the least loaded ready agent with the
 * capabilities is picked (`no_agent`). Routing delegates through `delegateTask`.
 */
import type { z } from 'zod';
import { type ActorSystem, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import { type CoordinationLimits, DEFAULT_LIMITS } from '../limits.js';
import { creationTenant, tenantScopeOf } from '../tenancy.js';
import { AgentDirectory, hasCapabilities, isAbsent, isReady } from './agent-view.js';
import { parseInput } from './facade-input.js';
import { askTask, checkContext, readTaskFor, unknownTask } from './task-access.js';
import { coordinates, type NewTask, type TaskRecord } from './task-record.js';
import { type TaskSchemas, taskSchemas } from './task-schemas.js';

/** A delegation as validated. */
export type Delegation = z.output<TaskSchemas['delegate']>;

/**
 * Give a task to an agent (seed 003's `delegate_subtask`), creating it if it does not exist.
 * The named delegate must be registered (`unknown_agent`), online (`agent_offline`) and have
 * the task's capabilities (`missing_capabilities`) — the last two unless `force`. Without a
 * named delegate, the least loaded ready agent with the capabilities is picked (`no_agent`).
 */
export async function delegateSubtask(
  system: ActorSystem,
  caller: Caller,
  input: unknown,
  limits: CoordinationLimits = DEFAULT_LIMITS,
): Promise<Outcome<TaskRecord>> {
  const parsed = parseInput(taskSchemas(limits).delegate, input);
  if (!parsed.ok) return parsed;
  const given = parsed.value;
  if (caller.kind === 'anonymous')
    return refuse('unauthorized', 'delegating a task needs a proven agent identity', 'agent_token');
  if (caller.kind === 'agent' && caller.agentId !== given.coordinatorAgentId)
    return refuse(
      'forbidden',
      `the caller is "${caller.agentId}": it may not delegate as "${given.coordinatorAgentId}"`,
      'coordinator_agent_id',
    );
  return delegateTask(
    system,
    caller,
    caller.kind === 'agent' ? caller.agentId : given.coordinatorAgentId,
    given,
    limits,
  );
}

/**
 * Delegate for a caller already known to act as `coordinatorId` (who coordinates the task if
 * this creates it). What `delegateSubtask` and routing share; reads must be fresh already.
 */
export async function delegateTask(
  system: ActorSystem,
  caller: Caller,
  coordinatorId: string | null,
  given: Omit<Delegation, 'coordinatorAgentId'>,
  limits: CoordinationLimits,
): Promise<Outcome<TaskRecord>> {
  const context = checkContext(given.contextualData, limits, 'contextual_data');
  if (!context.ok) return context;
  const existing = readTaskFor(system, given.subtaskId, caller);
  if (!existing && given.subtaskDescription === undefined)
    return refuse(
      'invalid_argument',
      `subtask_description is required to create task "${given.subtaskId}"`,
      'subtask_description',
    );
  if (!existing && given.parentTaskId !== undefined && !readTaskFor(system, given.parentTaskId, caller))
    return unknownTask(given.parentTaskId, 'parent_task_id');
  // The task actor checks it again; checked here first so that nobody else learns about the delegate.
  if (
    existing &&
    (existing.coordinatorId !== null || existing.createdBy !== null) &&
    !coordinates(existing, caller)
  )
    return refuse(
      'forbidden',
      `only the coordinator may delegate task "${existing.id}"`,
      'coordinator_agent_id',
    );
  const needs = existing?.requiredCapabilities ?? given.requiredCapabilities ?? [];
  const agents = new AgentDirectory(system, tenantScopeOf(system, caller));
  let agentId = given.assignedAgentId;
  if (agentId === undefined) {
    const picked = agents.leastLoaded(agents.withCapabilities(needs).filter(isReady));
    if (!picked)
      return refuse(
        'no_agent',
        `no available agent has ${needs.join(', ') || 'the capabilities'}`,
        'required_capabilities',
      );
    agentId = picked.id;
  } else {
    const agent = agents.get(agentId);
    if (!agent) return refuse('unknown_agent', `no agent "${agentId}" is registered`, 'assigned_agent_id');
    if (!given.force && isAbsent(agent))
      return refuse('agent_offline', `agent "${agentId}" is ${agent.status}`, 'assigned_agent_id');
    if (!given.force && !hasCapabilities(agent, needs)) {
      const missing = needs.filter((capability) => !agent.capabilities.includes(capability));
      return refuse(
        'missing_capabilities',
        `agent "${agentId}" lacks ${missing.join(', ')}`,
        'assigned_agent_id',
      );
    }
  }
  const create: NewTask | null = existing
    ? null
    : {
        tenantId: creationTenant(system, caller),
        description: given.subtaskDescription ?? '',
        requiredCapabilities: given.requiredCapabilities ?? [],
        priority: given.priority ?? 'medium',
        deadline: given.deadline ?? null,
        workflowId: given.workflowId ?? null,
        contextualData: context.value ?? null,
      };
  const parentTaskId = existing ? existing.parentTaskId : (given.parentTaskId ?? null);
  if (create && parentTaskId !== null) {
    const reserved = await askTask(system, parentTaskId, {
      type: 'reserve-subtasks',
      caller,
      subtaskIds: [given.subtaskId],
      max: limits.subtasks,
    });
    if (!reserved.ok) return reserved;
  }
  return askTask(
    system,
    given.subtaskId,
    {
      type: 'delegate',
      caller,
      coordinatorId,
      agentId,
      create,
      parentTaskId,
      ...(existing && given.deadline !== undefined ? { deadline: given.deadline } : {}),
      ...(existing && context.value !== undefined ? { contextualData: context.value } : {}),
    },
    !existing,
  );
}
