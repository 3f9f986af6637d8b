/**
 * What an agent actor tells each task it holds open when the agent goes offline or
 * deregisters (it reads `tasks-by-assignee` [agent] in that turn): the task returns to
 * pending, unassigned — the agents area's `AssigneeGone` (`agents/presence-news.ts`).
 */
export type { AssigneeGone } from '../agents/presence-news.js';
