/**
 * The deadlock detector: a supervisor built on the kernel's public hooks. It keeps the
 * wait-for graph of the whole system — asks between actors (from the `wait-started` /
 * `wait-ended` events), lock waits and workflow step waits (reported through `reportWait`) —
 * and when an edge closes a cycle it breaks it at once by failing the youngest wait with a
 * `DeadlockError` that names the whole cycle. Each deadlock is recorded (`deadlocks()`) and
 * published on the system's event stream. Whoever shows the graph hears that it changed
 * (`onChange`: an edge came or went, a deadlock was broken) and reads it again.
 *
 * Every edge carries the moment its wait began — for asks, stamped by the asking thread
 * on the machine's monotonic clock (`monotonicMs`, one clock for all threads; each thread's
 * `performance.timeOrigin` is the wall time it started at, so those differ by any step of
 * the wall clock), for reported waits, here; what `waits()` and `deadlocks()` show is wall time. Events from different threads may reach the detector out of
 * order, so the edge that *arrives* last is not always the wait that came last; choosing
 * the youngest by its stamp fails the wait that closed the cycle in real time — the actor
 * (or agent) whose wait would have wedged the system — whichever event arrived first.
 */
import {
  DeadlockError,
  monotonicMs,
  type SystemEvent,
  type SystemEventListener,
  wallOffsetMs,
  wallTimeOf,
} from '../../../src/kernel/index.js';
import { chooseVictim, cyclePathFromVictim } from './victim.js';
import type { Cycle, WaitEdge } from './wait-edge.js';
import { WaitForGraph } from './wait-for-graph.js';

/** What the detector needs from a system (`ActorSystem` has all of it). */
export interface DeadlockHost {
  subscribe(listener: SystemEventListener): () => void;
  /** Report asks between actors as waits (`wait-started` / `wait-ended`) while the detector runs. */
  watchWaits(): () => void;
  failWait(token: string, error: Error): boolean;
  publish(event: SystemEvent): void;
}

/** A wait reported by a domain (a lock, a workflow step), and how to fail it. */
export interface ReportedWait {
  readonly waiter: string;
  readonly holder: string;
  readonly kind: 'lock' | 'step';
  /** Unique among reported waits; prefixed here so it never collides with ask tokens. */
  readonly token: string;
  /** What the wait is for, as an operator reads it (the locked path, the step): shown by `waits()`. */
  readonly about?: string;
  readonly onDeadlock: (error: DeadlockError) => void;
}

/** A wait now in the graph, as `waits()` shows it: the edge, and what a reported wait is for. */
export interface CurrentWait extends WaitEdge {
  readonly about?: string;
}

export interface DeadlockRecord {
  readonly at: number;
  readonly cycle: readonly string[];
  /** The wait that was failed (with what it was for, when a domain said). */
  readonly victim: CurrentWait;
}

const HISTORY = 100;

export class DeadlockDetector {
  private readonly graph = new WaitForGraph();
  private readonly reported = new Map<string, ReportedWait>();
  private readonly history: DeadlockRecord[] = [];
  private readonly changeListeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly host: DeadlockHost,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): this {
    this.unsubscribe = this.host.subscribe((event) => this.onEvent(event));
    this.unwatch = this.host.watchWaits();
    return this;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unwatch?.();
  }

  /** A lock or a workflow step waits for `holder`. Returns the deadlock error if this wait closed a cycle (and was failed). */
  reportWait(wait: ReportedWait): DeadlockError | null {
    this.waitsReported[wait.kind]++;
    const token = `${wait.kind}:${wait.token}`;
    this.reported.set(token, wait);
    return this.add({ from: wait.waiter, to: wait.holder, kind: wait.kind, token, since: monotonicMs() });
  }

  /** Waits reported so far, by kind (metrics: lock waits). */
  readonly waitsReported: Record<'lock' | 'step', number> = { lock: 0, step: 0 };

  /** The reported wait ended (lock granted, step done, waiter gave up). */
  endWait(kind: 'lock' | 'step', token: string): void {
    const key = `${kind}:${token}`;
    this.reported.delete(key);
    if (this.graph.removeEdge(key)) this.changed();
  }

  /** Forget everything `id` waits for or is waited on by (it stopped, or was deregistered). */
  forget(id: string): void {
    const removed = this.graph.removeNode(id);
    for (const edge of removed) this.reported.delete(edge.token);
    if (removed.length > 0) this.changed();
  }

  /** `listener()` after each change of the graph or the history; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  deadlocks(): readonly DeadlockRecord[] {
    return this.history;
  }

  /** Every wait now in the graph (a copy, oldest first): who waits for whom, since when (epoch ms), for what. */
  waits(): CurrentWait[] {
    const offset = wallOffsetMs();
    return this.graph
      .edges()
      .sort((a, b) => a.since - b.since)
      .map((edge) => this.shown(edge, offset));
  }

  /**
   * An edge as `waits()` and `deadlocks()` show it: `since` as wall time, with what a reported
   * wait is for. Edges shown together take one `offset`, so their order holds.
   */
  private shown(edge: WaitEdge, offset: number = wallOffsetMs()): CurrentWait {
    const about = this.reported.get(edge.token)?.about;
    const since = wallTimeOf(edge.since, offset);
    return about === undefined ? { ...edge, since } : { ...edge, since, about };
  }

  get edges(): number {
    return this.graph.size;
  }

  private onEvent(event: SystemEvent): void {
    switch (event.type) {
      case 'wait-started':
        this.add({
          from: event.waiter,
          to: event.target,
          kind: 'ask',
          token: event.token,
          since: event.since,
        });
        return;
      case 'wait-ended':
        if (this.graph.removeEdge(event.token)) this.changed();
        return;
      case 'actor-stopped':
        this.forget(event.id);
        return;
      default:
        return;
    }
  }

  /** Add an edge; if it closes cycles, break every one of them. Returns the error given to the closing wait, if any. */
  private add(edge: WaitEdge): DeadlockError | null {
    let cycle: Cycle | null = this.graph.addEdge(edge);
    let closingError: DeadlockError | null = null;
    while (cycle) {
      const victim = chooseVictim(cycle);
      const error = this.breakAt(cycle, victim);
      if (victim.token === edge.token) {
        closingError = error;
        break;
      }
      cycle = this.graph.cycleThrough(edge.token);
    }
    this.changed();
    return closingError;
  }

  private breakAt(cycle: Cycle, victim: WaitEdge): DeadlockError {
    const path = cyclePathFromVictim(cycle);
    const error = new DeadlockError(path);
    this.graph.removeEdge(victim.token);
    this.history.push({ at: this.clock(), cycle: path, victim: this.shown(victim) });
    if (this.history.length > HISTORY) this.history.shift();
    this.host.publish({ type: 'deadlock', cycle: path, victim: victim.from, kind: victim.kind });
    if (victim.kind === 'ask') {
      this.host.failWait(victim.token, error);
    } else {
      const wait = this.reported.get(victim.token);
      this.reported.delete(victim.token);
      wait?.onDeadlock(error);
    }
    return error;
  }
}

/** Attach a deadlock detector to a running system. */
export function installDeadlockDetector(host: DeadlockHost, clock?: () => number): DeadlockDetector {
  return new DeadlockDetector(host, clock).start();
}
