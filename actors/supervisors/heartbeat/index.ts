/**
 * Heartbeats of external entities: the pure monitor, its durable snapshot, and the
 * error for an entity it does not know. The actor that owns the timer lives elsewhere.
 */
export {
  type EntityHeartbeat,
  HEARTBEAT_DEFAULTS,
  type HeartbeatEvent,
  type HeartbeatEventType,
  HeartbeatMonitor,
  type HeartbeatMonitorOptions,
  HeartbeatMonitorOptionsSchema,
} from './heartbeat-monitor.js';
export {
  ENTITY_STATUSES,
  type EntitySnapshot,
  type EntityStatus,
  type HeartbeatSnapshot,
  HeartbeatSnapshotSchema,
} from './heartbeat-snapshot.js';
export {
  type HeartbeatNotice,
  HeartbeatSupervisor,
  type HeartbeatSupervisorArgs,
  type HeartbeatSupervisorMsg,
} from './heartbeat-supervisor.js';
export { UnknownEntityError } from './unknown-entity-error.js';
