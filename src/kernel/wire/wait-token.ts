/**
 * Wait tokens: the name of one actor's wait for another (an ask in flight), unique in a
 * system — the thread of the waiter and the ask's id there.
 */
export function waitToken(thread: number, askId: number): string {
  return `${thread}:${askId}`;
}

export function parseWaitToken(token: string): { readonly thread: number; readonly askId: number } | null {
  const match = /^(\d+):(\d+)$/.exec(token);
  return match ? { thread: Number(match[1]), askId: Number(match[2]) } : null;
}
