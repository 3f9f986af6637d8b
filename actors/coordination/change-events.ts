/**
 * What the domain actors tell their observers when something changed — the registry of an
 * agent, the lock table of the live leases, the task board of a task, the workflow engine of a run — so that the change
 * watch (and the lock table and task board, of agents) hear of it when it happens.
 */

import type { MessageRecord, MessageVia } from './messaging/message.js';

/** What the registry tells its observers: `agentId`'s record changed (registered, status, task, gone). */
export interface AgentChanged {
  readonly type: 'agent-changed';
  readonly agentId: string;
}

/** What the lock table tells its observers: the live leases changed (taken, renewed, released, expired, freed by an absent holder). */
export interface LocksChanged {
  readonly type: 'locks-changed';
}

/** What the task board tells its observers: a task changed (created, assigned, re-queued, updated, merged). */
export interface TaskChanged {
  readonly type: 'task-changed';
  readonly taskId: string;
}

/** What the workflow engine tells the change watch: a run changed (a step's status, the run's status, its end). */
export interface RunChanged {
  readonly type: 'run-changed';
  readonly runId: string;
}

/** To the change watch: a message was put in `message.to`'s inbox (its content left out). */
export interface MailPosted {
  readonly type: 'posted';
  readonly via: MessageVia;
  readonly message: Pick<MessageRecord, 'id' | 'to'> & Partial<MessageRecord>;
}

/** To the change watch: `count` messages left `agentId`'s inbox unread because their time-to-live ran out. */
export interface MailExpired {
  readonly type: 'mail-expired';
  readonly agentId: string;
  readonly count: number;
}
