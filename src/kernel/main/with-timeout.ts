/**
 * Bound a control-plane call in time, so a thread that is being replaced cannot hang
 * `inspect`, `stats` or `shutdown`.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), timeoutMs);
  });
  try {
    return await Promise.race([work.catch(() => fallback()), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
