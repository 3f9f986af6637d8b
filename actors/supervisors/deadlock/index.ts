/**
 * The deadlock detector's core, pure data structures (which need nothing of the kernel
 * but its error classes): the incremental wait-for graph, the victim choice, and the
 * static cycle check for workflow definitions — and the detector that feeds them from a
 * running system.
 */

export {
  type CurrentWait,
  DeadlockDetector,
  type DeadlockHost,
  type DeadlockRecord,
  installDeadlockDetector,
  type ReportedWait,
} from './deadlock-detector.js';
export {
  DeadlockDetectorError,
  type DeadlockDetectorErrorCode,
  DuplicateWaitTokenError,
  EmptyCycleError,
  InvalidWaitEdgeError,
} from './errors.js';
export { findCycles, type StaticCycle, type StaticEdge } from './static-cycles.js';
export { chooseVictim, compareTokens, cyclePathFromVictim, describeCycle, isYoungerWait } from './victim.js';
export { assertWaitEdge, type Cycle, WAIT_KINDS, type WaitEdge, type WaitKind } from './wait-edge.js';
export { WaitForGraph } from './wait-for-graph.js';
