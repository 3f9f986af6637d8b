/**
 * The circuit breaker for calls that leave troupe, and the error it refuses them with.
 * Pure logic on an injected clock; the actor that shares a breaker lives elsewhere.
 */
export {
  CIRCUIT_BREAKER_DEFAULTS,
  CircuitBreaker,
  type CircuitBreakerOptions,
  CircuitBreakerOptionsSchema,
  type CircuitState,
  type CircuitStateKind,
  type CircuitStats,
  type CircuitTransition,
  type CircuitTransitionListener,
} from './circuit-breaker.js';
export { CircuitOpenError, isCircuitOpenError } from './circuit-open-error.js';
export type { Outcome, OutcomeTotals } from './outcome-window.js';
