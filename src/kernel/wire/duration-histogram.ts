/**
 * Duration histograms the kernel keeps for its stats (turn durations, commit latencies): a
 * fixed set of bucket bounds shared by every thread, so that the main thread can add the
 * threads' histograms bucket by bucket. Plain numbers, recorded on the thread, copied into
 * `ThreadStats` when asked; what a reader makes of them (Prometheus, a report) is its own.
 * It owns the buckets and the recording, not the timing (the caller measures).
 */

/** Upper bounds (ms, inclusive) of the buckets; one more bucket takes everything above the last. */
export const DURATION_BUCKETS_MS: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
];

/** How many durations fell in each bucket (not cumulative; the last one is above every bound), and their sum. */
export interface DurationHistogram {
  readonly counts: readonly number[];
  readonly sumMs: number;
}

/** Records durations into {@link DURATION_BUCKETS_MS}. */
export class DurationRecorder {
  private readonly counts = new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0);
  private sumMs = 0;

  record(ms: number): void {
    let bucket = 0;
    while (bucket < DURATION_BUCKETS_MS.length && ms > (DURATION_BUCKETS_MS[bucket] as number)) bucket++;
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.sumMs += ms;
  }

  snapshot(): DurationHistogram {
    return { counts: [...this.counts], sumMs: this.sumMs };
  }
}

export function emptyDurationHistogram(): DurationHistogram {
  return { counts: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0), sumMs: 0 };
}

/** `a` and `b` added bucket by bucket. */
export function addDurationHistograms(a: DurationHistogram, b: DurationHistogram): DurationHistogram {
  return { counts: a.counts.map((count, i) => count + (b.counts[i] ?? 0)), sumMs: a.sumMs + b.sumMs };
}
