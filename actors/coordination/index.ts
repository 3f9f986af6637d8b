/**
 * The coordination domain for embedding: `startCoordination` (every area on a running
 * system) and each area's facade — what `troupe serve` exposes as MCP tools, as functions.
 * Every facade takes a proven `Caller` (`agentCaller(id)` once you have checked who it is,
 * or `ANONYMOUS`) and raw input, validates it, and answers an `Outcome`: a value, or a
 * refusal with a stable code and the field at fault — never a throw for a bad request.
 */
export { type Outcome, refuse } from '../../src/kernel/index.js';
export type { Agent, AgentStatus } from './agents/agent-record.js';
export * from './agents/api.js';
export { type AgentsDomain, type AgentsOptions, startAgents } from './agents/domain.js';
export { ANONYMOUS, agentCaller, type Caller } from './caller.js';
export type { AgentChanged, LocksChanged, MailPosted, TaskChanged } from './change-events.js';
export { ChangeWatch, type ChangeWatchMsg, type WatchAnswer, type WatchTotals } from './change-watch.js';
export { type Coordination, type CoordinationOptions, startCoordination } from './coordination.js';
export * from './evaluations/api.js';
export * from './events/api.js';
export * from './flags/index.js';
export { ID_PATTERN, IdSchema } from './ids.js';
export { type CoordinationLimits, DEFAULT_LIMITS } from './limits.js';
export * from './locks/index.js';
export * from './messaging/api.js';
export { type CoordinationMigration, describeMigration, migrateOldCoordination } from './migrate-old.js';
export type { Page } from './page.js';
export * from './projects/api.js';
export * from './routing/api.js';
export * from './sessions/api.js';
export type { StoredActor, StoredStates } from './stored-states.js';
export * from './tasks/api.js';
