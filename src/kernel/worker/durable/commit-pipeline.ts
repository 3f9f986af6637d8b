/**
 * The commit pipeline of one thread: group commit with one batch in flight.
 *
 * Turns of durable actors append their writes to the *open* batch and keep running;
 * when no batch is committing, the open batch is submitted as one LMDB transaction (each
 * entry in its own child transaction, so one bad entry is rolled back alone). Only when a
 * batch is acknowledged are its entries' effects released (`after`): messages leave,
 * replies go out, receipts settle. If a whole batch fails, it and the open batch built on
 * top of it are abandoned (`onFail` for each entry) — nothing from them was written, and
 * nothing of theirs left the thread.
 *
 * A batch holds at most `MAX_BATCH_ENTRIES` entries (the rest wait for the next one, in
 * order): the write functions run on this thread inside the transaction, so an unbounded
 * batch — 10 k actors spawned at once — would hold the event loop for seconds (and the
 * watchdog takes a loop that makes no progress for a jammed thread).
 */
import { asError } from '../../errors.js';
import type { CommitOutcome, Store, StoreWriter } from '../../persistence/store.js';
import { DurationRecorder } from '../../wire/duration-histogram.js';

export interface CommitEntry {
  /** The writes of one turn (or activation, timer firing, …), run inside the transaction. */
  readonly write: (w: StoreWriter) => void;
  /** Called once the batch is acknowledged: release the effects. */
  readonly after: () => void;
  /** Called when the entry was not written: the entry alone threw, or its whole batch failed. */
  readonly onFail: (error: Error) => void;
}

/** The most entries one transaction takes: large enough to amortise a commit, small enough to keep the loop live. */
export const MAX_BATCH_ENTRIES = 256;

/** What the watchdog learns from the pipeline (`ThreadState.pulse`, `ThreadState.writing`). */
export interface PipelineWatch {
  /** A batch settled: progress. */
  settled(): void;
  /** The thread enters or leaves the batch's write functions. */
  writing(inside: boolean): void;
}

export class CommitPipeline {
  private open: CommitEntry[] = [];
  private inFlight = false;
  private submitScheduled = false;
  /** Batches committed and entries written so far (stats). */
  committedBatches = 0;
  committedEntries = 0;
  /** How long each batch took from submitted to acknowledged (stats). */
  readonly durations = new DurationRecorder();

  /** `everyBatch` is written last in each batch (the sequence's high-water mark). */
  constructor(
    private readonly store: Store,
    private readonly everyBatch: ((w: StoreWriter) => void) | null = null,
    private readonly watch: PipelineWatch = { settled: () => {}, writing: () => {} },
  ) {}

  get pending(): number {
    return this.open.length + (this.inFlight ? 1 : 0);
  }

  add(entry: CommitEntry): void {
    this.open.push(entry);
    if (!this.inFlight && !this.submitScheduled) {
      this.submitScheduled = true;
      // After the current drain slice: everything it produced goes into one transaction.
      setImmediate(() => {
        this.submitScheduled = false;
        this.submit();
      });
    }
  }

  /** Resolves when everything added so far is acknowledged (or failed). */
  async idle(): Promise<void> {
    while (this.open.length > 0 || this.inFlight || this.submitScheduled) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  private submit(): void {
    if (this.inFlight || this.open.length === 0) return;
    const batch = this.open.length <= MAX_BATCH_ENTRIES ? this.open : this.open.splice(0, MAX_BATCH_ENTRIES);
    if (batch === this.open) this.open = [];
    this.inFlight = true;
    const writes = batch.map((entry) => entry.write);
    if (this.everyBatch) writes.push(this.everyBatch);
    this.markWriting(writes);
    const submitted = performance.now();
    this.store.commit(writes).then(
      (outcome) => {
        this.durations.record(performance.now() - submitted);
        this.settle(batch, outcome);
      },
      (error: unknown) => this.abandon(batch, asError(error)),
    );
  }

  /**
   * The batch's write functions run in order (and, if one throws, all again, each alone): the
   * first says the thread is inside the transaction, the last (even if it throws) that it is out.
   */
  private markWriting(writes: ((w: StoreWriter) => void)[]): void {
    const watch = this.watch;
    const first = writes[0] as (w: StoreWriter) => void;
    writes[0] = (w) => {
      watch.writing(true);
      first(w);
    };
    const lastIndex = writes.length - 1;
    const last = writes[lastIndex] as (w: StoreWriter) => void;
    writes[lastIndex] = (w) => {
      try {
        last(w);
      } finally {
        watch.writing(false);
      }
    };
  }

  private settle(batch: readonly CommitEntry[], outcome: CommitOutcome): void {
    this.watch.settled();
    this.inFlight = false;
    this.committedBatches++;
    this.committedEntries += batch.length - outcome.failed.size;
    batch.forEach((entry, index) => {
      const failure = outcome.failed.get(index);
      if (failure) entry.onFail(failure);
      else entry.after();
    });
    this.submit();
  }

  private abandon(batch: readonly CommitEntry[], error: Error): void {
    this.inFlight = false;
    // The open batch was computed on top of the failed one: it must not be written either.
    const built = this.open;
    this.open = [];
    for (const entry of batch) entry.onFail(error);
    for (const entry of built) entry.onFail(error);
  }
}
