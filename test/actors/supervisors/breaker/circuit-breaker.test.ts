/**
 * Circuit breaker: every transition, the minimum-calls guard, window expiry, the limit
 * on concurrent half-open calls, stale outcomes, and argument checks. Time is a manual
 * clock; pending calls are promises the test settles by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitTransition,
} from '../../../../actors/supervisors/breaker/circuit-breaker.js';
import { CircuitOpenError } from '../../../../actors/supervisors/breaker/circuit-open-error.js';
import { createManualClock } from '../../../../actors/supervisors/flood/clock.js';
import { expectInvalidArgument } from '../flood/expect-invalid-argument.js';

const DEFAULTS = {
  failureRatio: 0.5,
  minimumCalls: 4,
  windowMs: 10_000,
  openMs: 5_000,
  halfOpenMaxCalls: 2,
} as const;

function breaker(options: Partial<Omit<CircuitBreakerOptions, 'clock'>> = {}) {
  const clock = createManualClock(100_000);
  const circuit = new CircuitBreaker({ ...DEFAULTS, ...options, clock });
  const transitions: CircuitTransition[] = [];
  circuit.onTransition((transition) => transitions.push(transition));
  return { clock, circuit, transitions };
}

/** A call the test settles by hand. */
function pending<T = string>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { fn: () => promise, resolve, reject };
}

const ok = () => Promise.resolve('ok');
const boom = () => Promise.reject(new Error('boom'));

async function fail(circuit: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expect(circuit.call(boom)).rejects.toThrow('boom');
}

async function succeed(circuit: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await expect(circuit.call(ok)).resolves.toBe('ok');
}

/** Trip a breaker made by {@link breaker} with its defaults (4 calls, ratio 0.5). */
async function trip(circuit: CircuitBreaker): Promise<void> {
  for (let i = 0; i < 4; i++) circuit.recordFailure();
  expect(circuit.state.kind).toBe('open');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('CircuitBreaker: closed → open', () => {
  it('opens when failures reach the ratio with enough calls in the window', async () => {
    const { clock, circuit, transitions } = breaker();
    await succeed(circuit, 2);
    await fail(circuit, 1);
    expect(circuit.state).toEqual({ kind: 'closed' });
    await fail(circuit, 1); // 2 of 4 = 0.5
    expect(circuit.state).toEqual({ kind: 'open', until: clock.now() + 5_000 });
    expect(transitions).toEqual([{ from: 'closed', to: 'open', at: clock.now(), failureRatio: 0.5 }]);
  });

  it('stays closed below the ratio', async () => {
    const { circuit } = breaker();
    await succeed(circuit, 3);
    await fail(circuit, 2); // 2 of 5 = 0.4
    expect(circuit.state.kind).toBe('closed');
    expect(circuit.stats).toEqual({ calls: 5, failures: 2, failureRatio: 0.4 });
  });

  it('never opens with fewer than minimumCalls in the window, however many fail', async () => {
    const { circuit } = breaker({ minimumCalls: 5 });
    await fail(circuit, 4);
    expect(circuit.state.kind).toBe('closed');
    await fail(circuit, 1);
    expect(circuit.state.kind).toBe('open');
  });

  it('opens on a success that brings the calls up to minimumCalls', async () => {
    const { circuit } = breaker({ minimumCalls: 4 });
    await fail(circuit, 3);
    await succeed(circuit, 1); // 3 of 4 = 0.75
    expect(circuit.state.kind).toBe('open');
  });

  it('forgets outcomes older than the window', async () => {
    const { clock, circuit } = breaker({ windowMs: 10_000, windowBuckets: 10 });
    await fail(circuit, 3);
    clock.advance(10_000);
    expect(circuit.stats.calls).toBe(0);
    await fail(circuit, 1);
    expect(circuit.state.kind).toBe('closed');
    expect(circuit.stats).toEqual({ calls: 1, failures: 1, failureRatio: 1 });
  });

  it('slides the window one bucket at a time', async () => {
    const { clock, circuit } = breaker({ windowMs: 1_000, windowBuckets: 10 });
    clock.set(0);
    await fail(circuit, 2); // bucket [0, 100)
    clock.set(500);
    await fail(circuit, 1); // bucket [500, 600)
    clock.set(999);
    expect(circuit.stats.failures).toBe(3);
    clock.set(1_000);
    expect(circuit.stats.failures).toBe(1);
    clock.set(1_500);
    expect(circuit.stats.failures).toBe(0);
  });

  it('counts only the errors isFailure accepts', async () => {
    const { circuit } = breaker({
      isFailure: (error) => !(error instanceof Error && error.message === 'not found'),
    });
    for (let i = 0; i < 10; i++) {
      await expect(circuit.call(() => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    }
    expect(circuit.state.kind).toBe('closed');
    expect(circuit.stats.calls).toBe(0);
  });

  it('counts a function that throws synchronously as a failure', async () => {
    const { circuit } = breaker({ minimumCalls: 1, failureRatio: 1 });
    await expect(
      circuit.call(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(circuit.state.kind).toBe('open');
  });
});

describe('CircuitBreaker: open', () => {
  it('refuses calls at once with CircuitOpenError and the time left, without calling', async () => {
    const { clock, circuit } = breaker({ name: 'llm-api' });
    await trip(circuit);
    clock.advance(1_200);
    const fn = vi.fn(ok);
    const error = await circuit.call(fn).catch((caught: unknown) => caught);
    expect(fn).not.toHaveBeenCalled();
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({
      code: 'circuit_open',
      circuit: 'llm-api',
      state: 'open',
      retryAfterMs: 3_800,
      message: 'circuit "llm-api" is open; retry after 3800 ms',
    });
  });

  it('ignores outcomes recorded while open', async () => {
    const { circuit, transitions } = breaker();
    await trip(circuit);
    circuit.recordFailure();
    circuit.recordSuccess();
    expect(circuit.state.kind).toBe('open');
    expect(transitions).toHaveLength(1);
  });

  it('becomes half-open after openMs, dated when openMs ran out', async () => {
    const { clock, circuit, transitions } = breaker();
    await trip(circuit);
    const openedAt = clock.now();
    clock.advance(4_999);
    expect(circuit.state.kind).toBe('open');
    clock.advance(3_000); // looked at late
    expect(circuit.state).toEqual({ kind: 'half-open', inFlight: 0 });
    expect(transitions[1]).toEqual({ from: 'open', to: 'half-open', at: openedAt + 5_000, failureRatio: 1 });
  });
});

describe('CircuitBreaker: half-open', () => {
  async function halfOpen(options: Partial<Omit<CircuitBreakerOptions, 'clock'>> = {}) {
    const made = breaker(options);
    await trip(made.circuit);
    made.clock.advance(options.openMs ?? DEFAULTS.openMs);
    expect(made.circuit.state.kind).toBe('half-open');
    return made;
  }

  it('closes after halfOpenMaxCalls successes in a row, with a fresh window', async () => {
    const { circuit, transitions, clock } = await halfOpen({ halfOpenMaxCalls: 3 });
    await succeed(circuit, 2);
    expect(circuit.state.kind).toBe('half-open');
    await succeed(circuit, 1);
    expect(circuit.state).toEqual({ kind: 'closed' });
    expect(transitions.at(-1)).toEqual({ from: 'half-open', to: 'closed', at: clock.now(), failureRatio: 0 });
    expect(circuit.stats.calls).toBe(0);
    await fail(circuit, 3); // the old failures are gone: 3 < minimumCalls
    expect(circuit.state.kind).toBe('closed');
  });

  it('reopens on a failed trial, for another openMs', async () => {
    const { circuit, transitions, clock } = await halfOpen({ halfOpenMaxCalls: 3 });
    await succeed(circuit, 2);
    await fail(circuit, 1);
    expect(circuit.state).toEqual({ kind: 'open', until: clock.now() + 5_000 });
    expect(transitions.at(-1)).toEqual({
      from: 'half-open',
      to: 'open',
      at: clock.now(),
      failureRatio: 1 / 3,
    });
    clock.advance(5_000);
    expect(circuit.state.kind).toBe('half-open');
  });

  it('lets at most halfOpenMaxCalls trials run at once', async () => {
    const { circuit } = await halfOpen({ halfOpenMaxCalls: 2 });
    const first = pending();
    const second = pending();
    const calls = [circuit.call(first.fn), circuit.call(second.fn)];
    expect(circuit.state).toEqual({ kind: 'half-open', inFlight: 2 });
    const third = vi.fn(ok);
    const refused = await circuit.call(third).catch((caught: unknown) => caught);
    expect(third).not.toHaveBeenCalled();
    expect(refused).toMatchObject({ code: 'circuit_open', state: 'half-open', retryAfterMs: 5_000 });

    first.resolve('one');
    await expect(calls[0]).resolves.toBe('one');
    expect(circuit.state).toEqual({ kind: 'half-open', inFlight: 1 });
    second.resolve('two');
    await expect(calls[1]).resolves.toBe('two');
    expect(circuit.state.kind).toBe('closed');
  });

  it('frees a trial slot when a trial ends in an ignored error', async () => {
    const { circuit } = await halfOpen({ halfOpenMaxCalls: 1, isFailure: () => false });
    await expect(circuit.call(boom)).rejects.toThrow('boom');
    expect(circuit.state).toEqual({ kind: 'half-open', inFlight: 0 });
    await succeed(circuit, 1);
    expect(circuit.state.kind).toBe('closed');
  });

  it('takes recorded outcomes as trials too', async () => {
    const { circuit } = await halfOpen({ halfOpenMaxCalls: 2 });
    circuit.recordSuccess();
    circuit.recordSuccess();
    expect(circuit.state.kind).toBe('closed');
  });
});

describe('CircuitBreaker: stale outcomes', () => {
  it('ignores a call from the closed era that ends after the circuit opened', async () => {
    const { clock, circuit, transitions } = breaker({ halfOpenMaxCalls: 1 });
    const slow = pending();
    const slowCall = circuit.call(slow.fn);
    await trip(circuit);
    clock.advance(5_000);
    expect(circuit.state.kind).toBe('half-open');
    slow.resolve('late');
    await expect(slowCall).resolves.toBe('late');
    expect(circuit.state).toEqual({ kind: 'half-open', inFlight: 0 }); // not closed by a stale success
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half-open']);
  });

  it('ignores a trial that ends after another trial reopened the circuit', async () => {
    const { circuit, transitions } = await (async () => {
      const made = breaker({ halfOpenMaxCalls: 2 });
      await trip(made.circuit);
      made.clock.advance(5_000);
      return made;
    })();
    const slow = pending();
    const slowCall = circuit.call(slow.fn);
    await fail(circuit, 1);
    expect(circuit.state.kind).toBe('open');
    slow.reject(new Error('late'));
    await expect(slowCall).rejects.toThrow('late');
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'open']);
  });
});

describe('CircuitBreaker: listeners and arguments', () => {
  it('stops telling a listener once it unsubscribes', async () => {
    const { circuit } = breaker();
    const seen: string[] = [];
    const stop = circuit.onTransition((t) => seen.push(t.to));
    stop();
    await trip(circuit);
    expect(seen).toEqual([]);
  });

  it('keeps a throwing listener from undoing the transition or failing the call', async () => {
    const reported: (() => void)[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => reported.push(task));
    const { circuit } = breaker({ minimumCalls: 1, failureRatio: 1 });
    const after = vi.fn();
    circuit.onTransition(() => {
      throw new Error('listener bug');
    });
    circuit.onTransition(after);
    await expect(circuit.call(boom)).rejects.toThrow('boom');
    expect(circuit.state.kind).toBe('open');
    expect(after).toHaveBeenCalledOnce();
    expect(reported).toHaveLength(1);
    expect(() => reported[0]?.()).toThrow('listener bug');
  });

  it('rejects bad options and arguments with InvalidArgumentError naming the field', () => {
    const clock = createManualClock();
    const make = (options: Partial<CircuitBreakerOptions>) => () =>
      new CircuitBreaker({ ...DEFAULTS, clock, ...options } as CircuitBreakerOptions);
    expectInvalidArgument(make({ failureRatio: 0 }), 'options.failureRatio', 'must be > 0');
    expectInvalidArgument(make({ failureRatio: 1.5 }), 'options.failureRatio', 'must be <= 1');
    expectInvalidArgument(make({ minimumCalls: 0 }), 'options.minimumCalls', 'must be > 0');
    expectInvalidArgument(make({ halfOpenMaxCalls: 1.5 }), 'options.halfOpenMaxCalls', 'must be an integer');
    expectInvalidArgument(make({ openMs: -1 }), 'options.openMs', 'must be >= 0');
    expectInvalidArgument(make({ isFailure: 'yes' as never }), 'options.isFailure', 'must be a function');
    const circuit = new CircuitBreaker({ ...DEFAULTS, clock });
    expectInvalidArgument(() => circuit.onTransition(null as never), 'listener', 'must be a function');
  });

  it('rejects a call whose fn is not a function', async () => {
    const { circuit } = breaker();
    await expect(circuit.call(null as never)).rejects.toMatchObject({
      code: 'invalid_argument',
      argument: 'fn',
    });
  });
});
