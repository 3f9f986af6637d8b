/**
 * `CommitGroup`: group commit for the main thread's writes. The write functions handed to it
 * during one macrotask go to the store as one `commit` batch (one child transaction instead of
 * one per write, one promise instead of one per write); each caller still hears only its own
 * outcome, and only once the whole batch is committed — grouping never acknowledges a write
 * before it is durable. A function that throws fails alone (the store re-runs the batch one
 * function at a time); a failed transaction fails every write in it.
 *
 * It knows nothing of what the writes mean (`main-store.ts` does).
 */
import type { Store } from '../persistence/store.js';
import type { WriteFunction } from '../persistence/writer.js';

/** Told once the write is committed (`undefined`) or failed (the error). */
export type CommitSettle = (failure: Error | undefined) => void;

export class CommitGroup {
  private writes: WriteFunction[] = [];
  private settles: CommitSettle[] = [];
  private scheduled = false;

  constructor(private readonly store: Pick<Store, 'commit'>) {}

  /** Commit `write` with the others of this macrotask; `settle` hears its own outcome. */
  add(write: WriteFunction, settle: CommitSettle): void {
    this.writes.push(write);
    this.settles.push(settle);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Send what was added so far to the store now (before the store closes). */
  flush(): void {
    this.scheduled = false;
    if (this.writes.length === 0) return;
    const writes = this.writes;
    const settles = this.settles;
    this.writes = [];
    this.settles = [];
    this.store.commit(writes).then(
      (outcome) => settleAll(settles, (index) => outcome.failed.get(index)),
      (error: unknown) => settleAll(settles, () => error as Error),
    );
  }
}

/** Settle each in order; one that throws does not keep the others from hearing (its error is rethrown after). */
function settleAll(settles: readonly CommitSettle[], failureOf: (index: number) => Error | undefined): void {
  let thrown: { error: unknown } | null = null;
  for (let index = 0; index < settles.length; index++) {
    try {
      (settles[index] as CommitSettle)(failureOf(index));
    } catch (error) {
      thrown ??= { error };
    }
  }
  if (thrown) throw thrown.error;
}
