/**
 * What an agent actor tells each task it holds open when the agent goes offline or
 * deregisters (it reads `tasks-open-by-assignee` [agent] in that turn): the task returns to
 * pending, unassigned. The agent area's `presence-news.ts` defines the same shape; this is
 * the task side's copy until it lands (structurally the same message).
 */
export interface AssigneeGone {
  readonly type: 'assignee-gone';
  readonly agentId: string;
  /** Why (`offline`, `deregistered`, …): kept for the record, it changes nothing. */
  readonly reason: string;
}
