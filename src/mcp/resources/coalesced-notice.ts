/**
 * A notice that may be asked for thousands of times a second (the wait-for graph changes on
 * every ask between actors) and is sent at most once per `windowMs`: the first ask sends at
 * once — a reader hears of a change without delay — and the asks within the window after it
 * are folded into one more send at its end, so the last change is never left unannounced.
 * It owns the timing, not what is sent.
 */

export interface CoalescedNotice {
  /** Ask for a send (now, or at the end of the current window). */
  ask(): void;
  /** No send after this (a pending one is dropped). */
  close(): void;
}

export function createCoalescedNotice(send: () => void, windowMs: number): CoalescedNotice {
  let windowOpen: ReturnType<typeof setTimeout> | null = null;
  let askedInWindow = false;
  const endWindow = () => {
    windowOpen = null;
    if (!askedInWindow) return;
    askedInWindow = false;
    open();
  };
  const open = () => {
    send();
    windowOpen = setTimeout(endWindow, windowMs);
    windowOpen.unref?.();
  };
  return {
    ask() {
      if (windowOpen === null) open();
      else askedInWindow = true;
    },
    close() {
      if (windowOpen !== null) clearTimeout(windowOpen);
      windowOpen = null;
      askedInWindow = false;
    },
  };
}
