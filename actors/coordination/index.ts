/**
 * The coordination domain for embedding: the actors `troupe serve` exposes as MCP tools,
 * their message and record types, `startCoordination` (all of them on a running system)
 * and `acquireLock` (a file lock with waiting and deadlock detection). Everything a tool
 * does is a message to one of these actors.
 */

// What every request answers with is the kernel's; still named here, so `agents.Outcome` keeps working.
export { type Outcome, refuse } from '../../src/kernel/index.js';
export { type AcquireRequest, acquireLock, agentNode } from './acquire-lock.js';
export * from './agent.js';
export * from './change-events.js';
export { ChangeWatch, type ChangeWatchMsg, type WatchAnswer } from './change-watch.js';
export { type Coordination, type CoordinationOptions, startCoordination } from './coordination.js';
export {
  EVERY_EVENT_TYPE,
  type EventSubscription,
  recipientsOf,
  type Subscriber,
  type SystemEventContent,
} from './event-subscription.js';
export {
  type EventSubscriptionMsg,
  EventSubscriptions,
  type SubscriptionChange,
} from './event-subscriptions.js';
export { AgentInbox, type InboxMessage, type InboxMsg } from './inbox.js';
export type { Freed, Waiter } from './lock-waiters.js';
export {
  DEFAULT_LEASE_S,
  type ForcedRelease,
  type Lease,
  type LockMsg,
  LockTable,
  type LockView,
} from './locks.js';
export { MessageTraffic, type SenderFrequency, type TrafficMsg } from './message-traffic.js';
export type { PostEvent, PostPath } from './post-event.js';
export { type PostMsg, PostOffice, type RecipientReport } from './post-office.js';
export * from './project.js';
export { ProjectBoard, type ProjectMsg } from './projects.js';
export {
  AgentRegistry,
  OFFLINE_AFTER,
  type Registration,
  type RegistryMsg,
  type Responsiveness,
  UNRESPONSIVE_AFTER,
} from './registry.js';
export { type RoutedTask, Router, type RouterMsg } from './routing.js';
export * from './routing-rule.js';
export { type Session, SessionBoard, type SessionMsg, type SharedValue } from './sessions.js';
export * from './tasks.js';
