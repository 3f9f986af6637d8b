/**
 * The heartbeat monitor was told about an entity it does not know: a `TroupeError` with
 * code `unknown_entity`. Kept beside the monitor: the kernel never raises it.
 */
import { TroupeError } from '../../../src/kernel/index.js';

/** A beat (or other call) named an entity that was never registered, or was deregistered. */
export class UnknownEntityError extends TroupeError {
  declare readonly code: 'unknown_entity';
  readonly entityId: string;

  constructor(entityId: string) {
    super('unknown_entity', `no external entity "${entityId}" is registered with the heartbeat monitor`);
    this.entityId = entityId;
  }
}
