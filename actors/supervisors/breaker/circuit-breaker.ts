/**
 * A circuit breaker for calls that leave troupe (an LLM API, an HTTP service, a tool
 * process): when too many of them fail, stop calling for a while instead of piling up
 * timeouts, then let a few trial calls decide whether the far side is back.
 *
 * ```
 *             failures/calls >= failureRatio
 *             (with >= minimumCalls in window)
 *   ┌────────┐ ───────────────────────────▶ ┌──────┐
 *   │ closed │                              │ open │ ◀──┐ a trial call fails
 *   └────────┘ ◀───────┐                    └──────┘    │
 *        halfOpenMaxCalls successes in a row   │ openMs elapsed
 *                      │                       ▼        │
 *                      └──────────────── ┌───────────┐ ─┘
 *                                        │ half-open │  at most halfOpenMaxCalls in flight
 *                                        └───────────┘
 * ```
 *
 * Time comes from the injected clock and is read lazily: the breaker becomes half-open
 * when someone looks (`state`, `call`, `record*`) after `openMs`, and reports that
 * transition at the moment it became due. It owns no timer. Outcomes of calls that were
 * admitted before the last transition are ignored, so a slow call from the closed era
 * cannot close or reopen a circuit that has moved on. The counting of outcomes lives in
 * `outcome-window.ts`; the refusal in `circuit-open-error.ts`.
 */
import { z } from 'zod';
import { type Clock, ClockSchema } from '../flood/clock.js';
import { parseArgument } from '../flood/parse-argument.js';
import { CircuitOpenError } from './circuit-open-error.js';
import { type Outcome, type OutcomeTotals, OutcomeWindow } from './outcome-window.js';

/** Every default of the circuit breaker, in one place. */
export const CIRCUIT_BREAKER_DEFAULTS = {
  name: 'circuit',
  /** Slots of the rolling window: an outcome leaves it within windowMs / windowBuckets of windowMs. */
  windowBuckets: 10,
} as const;

export const CircuitBreakerOptionsSchema = z
  .object({
    /** Failures / calls in the window at which the circuit opens, in (0, 1]. */
    failureRatio: z.number().gt(0).max(1),
    /** Fewer calls than this in the window never open the circuit. */
    minimumCalls: z.number().int().positive(),
    /** Length of the rolling window of outcomes. */
    windowMs: z.number().positive(),
    /** How long the circuit stays open before trial calls are let through. */
    openMs: z.number().nonnegative(),
    /** Trial calls allowed in flight while half-open, and successes in a row that close the circuit. */
    halfOpenMaxCalls: z.number().int().positive(),
    clock: ClockSchema,
    /** Named in errors and events (default "circuit"). */
    name: z.string().min(1).optional(),
    windowBuckets: z.number().int().positive().optional(),
    /** Which errors count as failures (default: all); the others count as neither outcome. */
    isFailure: z
      .custom<(error: unknown) => boolean>((value) => typeof value === 'function', {
        message: 'must be a function',
      })
      .optional(),
  })
  .strict();

export type CircuitBreakerOptions = z.input<typeof CircuitBreakerOptionsSchema>;

export type CircuitState =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly until: number }
  | { readonly kind: 'half-open'; readonly inFlight: number };

export type CircuitStateKind = CircuitState['kind'];

interface TransitionFields {
  /** When the transition happened (for open → half-open: when `openMs` ran out). */
  readonly at: number;
  /**
   * The failure ratio behind it: of the window for closed → open (and carried into
   * open → half-open), of the trial calls for half-open → open (1 / trials) and → closed (0).
   */
  readonly failureRatio: number;
}

/** A change of state; only these four exist. */
export type CircuitTransition = TransitionFields &
  (
    | { readonly from: 'closed'; readonly to: 'open' }
    | { readonly from: 'open'; readonly to: 'half-open' }
    | { readonly from: 'half-open'; readonly to: 'closed' }
    | { readonly from: 'half-open'; readonly to: 'open' }
  );

export type CircuitTransitionListener = (transition: CircuitTransition) => void;

/** The closed-state window at a glance. */
export interface CircuitStats extends OutcomeTotals {
  readonly failureRatio: number;
}

type Phase =
  | { readonly kind: 'closed' }
  | { readonly kind: 'open'; readonly until: number; readonly failureRatio: number }
  | { readonly kind: 'half-open'; inFlight: number; successes: number };

/** Permission for one call, valid only while the breaker stays in the phase that gave it. */
interface Permit {
  readonly generation: number;
}

const FunctionSchema = z.custom<() => unknown>((value) => typeof value === 'function', {
  message: 'must be a function',
});

export class CircuitBreaker {
  readonly name: string;
  readonly #options: z.output<typeof CircuitBreakerOptionsSchema>;
  readonly #clock: Clock;
  readonly #window: OutcomeWindow;
  readonly #isFailure: (error: unknown) => boolean;
  readonly #listeners = new Set<CircuitTransitionListener>();
  #phase: Phase = { kind: 'closed' };
  /** Bumped on every transition; permits from an earlier generation are stale. */
  #generation = 0;

  constructor(options: CircuitBreakerOptions) {
    this.#options = parseArgument(CircuitBreakerOptionsSchema, options, 'options');
    this.name = this.#options.name ?? CIRCUIT_BREAKER_DEFAULTS.name;
    this.#clock = this.#options.clock;
    this.#isFailure = this.#options.isFailure ?? (() => true);
    this.#window = new OutcomeWindow(
      this.#options.windowMs,
      this.#options.windowBuckets ?? CIRCUIT_BREAKER_DEFAULTS.windowBuckets,
    );
  }

  get state(): CircuitState {
    return stateOf(this.#refresh(this.#clock.now()));
  }

  /** Calls and failures in the rolling window (empty unless closed: it restarts on every transition). */
  get stats(): CircuitStats {
    const totals = this.#window.totals(this.#clock.now());
    return { ...totals, failureRatio: ratio(totals) };
  }

  /**
   * Run `fn` if the circuit lets it through and record how it ended. Rejects at once with
   * a `CircuitOpenError` while open (or half-open with every trial in flight). `fn` should
   * bound its own duration (e.g. `AbortSignal.timeout`): a call that never settles holds
   * a half-open trial slot until the circuit next changes state.
   */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    parseArgument(FunctionSchema, fn, 'fn');
    const permit = this.#acquire(this.#clock.now());
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      this.#settle(permit, this.#isFailure(error) ? 'failure' : 'ignored');
      throw error;
    }
    this.#settle(permit, 'success');
    return value;
  }

  /** Record a successful call made without `call()` (ignored while open). */
  recordSuccess(): void {
    const now = this.#clock.now();
    this.#apply(this.#refresh(now), 'success', now);
  }

  /** Record a failed call made without `call()` (ignored while open). */
  recordFailure(): void {
    const now = this.#clock.now();
    this.#apply(this.#refresh(now), 'failure', now);
  }

  /** Be told of every transition; returns the function that stops it. */
  onTransition(listener: CircuitTransitionListener): () => void {
    parseArgument(FunctionSchema, listener, 'listener');
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #acquire(now: number): Permit {
    const phase = this.#refresh(now);
    switch (phase.kind) {
      case 'closed':
        return { generation: this.#generation };
      case 'open':
        throw new CircuitOpenError(this.name, 'open', Math.max(0, Math.ceil(phase.until - now)));
      case 'half-open':
        if (phase.inFlight >= this.#options.halfOpenMaxCalls) {
          // Conservative: long enough for a failing trial's whole open period.
          throw new CircuitOpenError(this.name, 'half-open', this.#options.openMs);
        }
        phase.inFlight++;
        return { generation: this.#generation };
    }
  }

  #settle(permit: Permit, outcome: Outcome | 'ignored'): void {
    const now = this.#clock.now();
    const phase = this.#refresh(now);
    if (permit.generation !== this.#generation) return;
    if (phase.kind === 'half-open') phase.inFlight = Math.max(0, phase.inFlight - 1);
    if (outcome !== 'ignored') this.#apply(phase, outcome, now);
  }

  #apply(phase: Phase, outcome: Outcome, now: number): void {
    switch (phase.kind) {
      case 'closed': {
        this.#window.record(now, outcome);
        const totals = this.#window.totals(now);
        const failureRatio = ratio(totals);
        if (totals.calls >= this.#options.minimumCalls && failureRatio >= this.#options.failureRatio) {
          this.#open(now, failureRatio);
        }
        return;
      }
      case 'open':
        return; // Late news from before the circuit opened changes nothing.
      case 'half-open':
        if (outcome === 'failure') {
          this.#open(now, 1 / (phase.successes + 1));
        } else if (++phase.successes >= this.#options.halfOpenMaxCalls) {
          this.#transition({ kind: 'closed' }, now, 0);
        }
        return;
    }
  }

  /** Move open → half-open if `openMs` has run out by `now`; returns the current phase. */
  #refresh(now: number): Phase {
    const phase = this.#phase;
    if (phase.kind === 'open' && now >= phase.until) {
      this.#transition({ kind: 'half-open', inFlight: 0, successes: 0 }, phase.until, phase.failureRatio);
    }
    return this.#phase;
  }

  #open(now: number, failureRatio: number): void {
    this.#transition({ kind: 'open', until: now + this.#options.openMs, failureRatio }, now, failureRatio);
  }

  #transition(next: Phase, at: number, failureRatio: number): void {
    const from = this.#phase.kind;
    this.#phase = next;
    this.#generation++;
    this.#window.clear();
    const transition = { from, to: next.kind, at, failureRatio } as CircuitTransition;
    for (const listener of [...this.#listeners]) {
      try {
        listener(transition);
      } catch (error) {
        // A listener's bug must not undo a transition or fail the call that caused it:
        // surface it as an uncaught error, outside the breaker.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** The public view of a phase, without the bookkeeping. */
function stateOf(phase: Phase): CircuitState {
  switch (phase.kind) {
    case 'closed':
      return { kind: 'closed' };
    case 'open':
      return { kind: 'open', until: phase.until };
    case 'half-open':
      return { kind: 'half-open', inFlight: phase.inFlight };
  }
}

function ratio({ calls, failures }: OutcomeTotals): number {
  return calls === 0 ? 0 : failures / calls;
}
