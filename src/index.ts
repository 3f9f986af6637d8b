/**
 * The `troupe` package entry: the kernel's API, with the default supervisors switched on,
 * the coordination domain (`coordination.*`, `startCoordination`), the gateway to downstream
 * MCP servers (`gateway.*`, `startGateway`) and the workflows (`workflows.*`).
 *
 * `createActorSystem` here is the kernel's (`src/system/actor-system.ts`) plus the anti-jam
 * supervisors that are on by default — today the deadlock detector. The kernel itself
 * (`troupe/kernel`) knows nothing of them.
 */

import { type DeadlockDetector, installDeadlockDetector } from '../actors/supervisors/deadlock/index.js';
import {
  type ActorSystem,
  createActorSystem as createKernelSystem,
  type SystemOptions,
} from './kernel/index.js';

export * as access from '../actors/access/index.js';
export * as coordination from '../actors/coordination/index.js';
export {
  type Coordination,
  type CoordinationOptions,
  startCoordination,
  startFeatureFlags,
} from '../actors/coordination/index.js';
export * as gateway from '../actors/gateway/index.js';
export { type Gateway, startGateway } from '../actors/gateway/index.js';
export * as breaker from '../actors/supervisors/breaker/index.js';
export * as deadlock from '../actors/supervisors/deadlock/index.js';
export * as flood from '../actors/supervisors/flood/index.js';
export * as heartbeat from '../actors/supervisors/heartbeat/index.js';
export {
  type RecipientStatus,
  type RecipientStatusReport,
  recipientStatus,
} from '../actors/supervisors/recipient-status.js';
export * as workflows from '../actors/workflows/index.js';
export {
  defineWorkflow,
  executeWorkflow,
  signalWorkflow,
  startWorkflows,
} from '../actors/workflows/index.js';
export * from './kernel/index.js';

export interface TroupeOptions extends SystemOptions {
  /** Detect wait-for cycles between actors (and reported lock/step waits) and break them (default true). */
  readonly deadlockDetection?: boolean;
}

const detectors = new WeakMap<ActorSystem, DeadlockDetector>();

/** Create a running actor system with the default supervisors. */
export function createActorSystem(options: TroupeOptions = {}): ActorSystem {
  const { deadlockDetection = true, ...kernelOptions } = options;
  const system = createKernelSystem(kernelOptions);
  if (deadlockDetection) detectors.set(system, installDeadlockDetector(system));
  return system;
}

/** The deadlock detector of a system made by `createActorSystem` (for lock domains to report waits). */
export function deadlockDetectorOf(system: ActorSystem): DeadlockDetector | undefined {
  return detectors.get(system);
}
