/**
 * Restart intensity: the sliding-window rule "at most N restarts in T ms".
 * Pure functions over a list of restart timestamps.
 */

/** Keep only the restarts inside the window ending at `now`. */
export function restartsInWindow(history: readonly number[], now: number, periodMs: number): number[] {
  return history.filter((at) => now - at < periodMs);
}

/** True when one more restart at `now` would exceed `intensity` within `periodMs`. */
export function exceedsIntensity(
  history: readonly number[],
  now: number,
  intensity: number,
  periodMs: number,
): boolean {
  return restartsInWindow(history, now, periodMs).length + 1 > intensity;
}
