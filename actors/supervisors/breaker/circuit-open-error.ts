/**
 * The refusal of an open circuit breaker. It lives beside the breaker, not in the
 * kernel's `src/errors.ts`: the kernel never raises it, and its code is not one of the
 * kernel's `TroupeErrorCode`s (so it does not cross threads as a typed error yet).
 */

/** `call()` refused at once: the circuit is open, or half-open with every trial call in flight. */
export class CircuitOpenError extends Error {
  readonly code = 'circuit_open' as const;
  /** Name of the breaker that refused. */
  readonly circuit: string;
  readonly state: 'open' | 'half-open';
  /** When a retry may get through: the rest of the open period, or a whole period while trials run. */
  readonly retryAfterMs: number;

  constructor(circuit: string, state: 'open' | 'half-open', retryAfterMs: number) {
    const why = state === 'open' ? 'is open' : 'is half-open and all its trial calls are in flight';
    super(`circuit "${circuit}" ${why}; retry after ${retryAfterMs} ms`);
    this.name = 'CircuitOpenError';
    this.circuit = circuit;
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return error instanceof CircuitOpenError;
}
