/**
 * `freshReads`: wait until the main thread's read snapshot of the store is renewed, so that a
 * table read sees every commit whose answer has already arrived (read-your-writes across
 * facade calls: register, then send to the agent at once).
 *
 * Why it is needed: lmdb-js keeps a read snapshot until a `setTimeout(0)` it arms at the first
 * read; an answer from a worker thread can arrive (and its continuation read) before that
 * timer fires, and then sees the store as it was before the answered commit. A timer armed
 * now fires after lmdb-js's (timers of one delay fire in the order they were armed), so the
 * next read starts a new snapshot. To go once the kernel renews the main thread's snapshot
 * itself when a worker's answer arrives (asked of the lead).
 */
export function freshReads(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
