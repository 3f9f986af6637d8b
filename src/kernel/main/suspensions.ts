/**
 * `Suspensions`: the suspended actors, as the main thread knows them — loaded from the store
 * at start, and each suspension written to the store (and each lift removed from it) before
 * anything else happens, so every thread (which asks the store before activating an actor)
 * and every later process agree. It also remembers, per actor, the last resume, for the
 * backoff of a suspension that follows it (`supervision/suspension.ts`).
 *
 * It decides nothing: the root supervisor suspends and resumes (`root-supervisor.ts`).
 */
import type { ErrorRecord } from '../errors.js';
import type { Store } from '../persistence/store.js';
import type { BackoffSpec } from '../supervision/spec.js';
import {
  createSuspension,
  isDue,
  nextStreak,
  type SuspendedActor,
  type SuspensionRecord,
} from '../supervision/suspension.js';

/** What a suspension needs of the store. */
export type SuspensionStore = Pick<Store, 'commit' | 'suspensions'>;

interface LastResume {
  readonly streak: number;
  readonly resumedAt: number;
}

export class Suspensions {
  private readonly suspended = new Map<string, SuspensionRecord>();
  private readonly resumed = new Map<string, LastResume>();

  constructor(
    private readonly store: SuspensionStore,
    private readonly backoff: BackoffSpec,
  ) {
    for (const { id, record } of store.suspensions()) this.suspended.set(id, record);
  }

  get size(): number {
    return this.suspended.size;
  }

  has(id: string): boolean {
    return this.suspended.has(id);
  }

  get(id: string): SuspensionRecord | undefined {
    return this.suspended.get(id);
  }

  /** Every suspended actor, the longest suspended first. */
  list(): SuspendedActor[] {
    return [...this.suspended]
      .map(([id, record]) => ({
        id,
        since: record.since,
        reason: record.reason,
        failures: record.failures,
        resumeAt: record.resumeAt,
      }))
      .sort((a, b) => a.since - b.since);
  }

  /** The actors whose suspension is over at `now` (and forget resumes too old to count for a streak). */
  due(now: number): string[] {
    for (const [id, last] of this.resumed)
      if (now - last.resumedAt >= this.backoff.maxMs) this.resumed.delete(id);
    return [...this.suspended].filter(([, record]) => isDue(record, now)).map(([id]) => id);
  }

  /** Suspend `id` at `now`: the record is written to the store first (rejects if it cannot be). */
  async suspend(id: string, reason: ErrorRecord, failures: number, now: number): Promise<SuspensionRecord> {
    const streak = nextStreak(this.backoff, this.resumed.get(id) ?? null, now);
    const record = createSuspension(this.backoff, reason, failures, streak, now);
    const outcome = await this.store.commit([(w) => w.putSuspension(id, record)]);
    const failed = outcome.failed.get(0);
    if (failed) throw failed;
    this.suspended.set(id, record);
    this.resumed.delete(id);
    return record;
  }

  /**
   * Lift `id`'s suspension at `now`: the record leaves the store, then the actor may be
   * activated. Resolves false when it was not suspended (or another lift got there first);
   * rejects, keeping it suspended, if the store cannot be written.
   */
  async lift(id: string, now: number): Promise<boolean> {
    const record = this.suspended.get(id);
    if (!record) return false;
    this.suspended.delete(id);
    try {
      const outcome = await this.store.commit([(w) => w.removeSuspension(id)]);
      const failed = outcome.failed.get(0);
      if (failed) throw failed;
    } catch (error) {
      this.suspended.set(id, record);
      throw error;
    }
    this.resumed.set(id, { streak: record.streak, resumedAt: now });
    return true;
  }

  /** The actor is gone (stopped, removed): forget all about it. */
  forget(id: string): void {
    this.suspended.delete(id);
    this.resumed.delete(id);
  }
}
