/**
 * The deadlock detector's core, pure data structures with no kernel imports: the
 * incremental wait-for graph, the victim choice, and the static cycle check for
 * workflow definitions. The supervisor that feeds and acts on them lives elsewhere.
 */
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
