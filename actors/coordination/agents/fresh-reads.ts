/**
 * `freshReads`: the point where a facade starts reading what worker threads committed
 * (read-your-writes across facade calls: register, then send to the agent at once).
 *
 * It no longer waits. lmdb-js keeps a read snapshot per thread until a `setTimeout(0)` of
 * its own, so this used to wait for a 0 ms timer of ours (which Node clamps to 1 ms — most of
 * a heartbeat's latency) to let that snapshot go. The kernel now renews the snapshot on every
 * table read (`LmdbStore.getEntry` / `rangeEntries` call `resetReadTxn`), so a read after an
 * answer sees the answered commit with no wait. The call sites can go in a sweep.
 */
export function freshReads(): Promise<void> {
  return Promise.resolve();
}
