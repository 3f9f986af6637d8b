/**
 * The heartbeat monitor was told about an entity it does not know. Kept beside the
 * monitor: the kernel never raises it, and its code is not a kernel `TroupeErrorCode`.
 */

/** A beat (or other call) named an entity that was never registered, or was deregistered. */
export class UnknownEntityError extends Error {
  readonly code = 'unknown_entity' as const;
  readonly entityId: string;

  constructor(entityId: string) {
    super(`no external entity "${entityId}" is registered with the heartbeat monitor`);
    this.name = 'UnknownEntityError';
    this.entityId = entityId;
  }
}
