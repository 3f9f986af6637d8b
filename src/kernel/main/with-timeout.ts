/**
 * Bound a control-plane call in time, so a thread that is being replaced cannot hang
 * `inspect`, `stats` or `shutdown`: `call` is made here, and the fallback answers when it
 * throws (a control proxy released by a replacement throws at once), rejects or is late.
 */
export async function withTimeout<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  fallback: () => T,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), timeoutMs);
  });
  const work = new Promise<T>((resolve) => resolve(call()));
  try {
    return await Promise.race([work.catch(() => fallback()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
