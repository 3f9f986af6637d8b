/**
 * The refusal of an open circuit breaker: a `TroupeError` with code `circuit_open`. It lives
 * beside the breaker, not in the kernel: the kernel never raises it (its code is in the one
 * closed set, so it still crosses threads and MCP with its code).
 */
import { TroupeError } from '../../../src/kernel/index.js';

/** `call()` refused at once: the circuit is open, or half-open with every trial call in flight. */
export class CircuitOpenError extends TroupeError {
  declare readonly code: 'circuit_open';
  /** Name of the breaker that refused. */
  readonly circuit: string;
  readonly state: 'open' | 'half-open';
  /** When a retry may get through: the rest of the open period, or a whole period while trials run. */
  readonly retryAfterMs: number;

  constructor(circuit: string, state: 'open' | 'half-open', retryAfterMs: number) {
    const why = state === 'open' ? 'is open' : 'is half-open and all its trial calls are in flight';
    super('circuit_open', `circuit "${circuit}" ${why}; retry after ${retryAfterMs} ms`);
    this.circuit = circuit;
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isCircuitOpenError(error: unknown): error is CircuitOpenError {
  return error instanceof CircuitOpenError;
}
