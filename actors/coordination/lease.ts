/**
 * A lease on a path: who holds it, since when, until when. The lock table grants and ends
 * them; its helpers (`lock-news.ts`, `lock-waiters.ts`) read them.
 */
export interface Lease {
  readonly path: string;
  readonly holder: string;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}
