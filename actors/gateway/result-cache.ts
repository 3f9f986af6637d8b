/**
 * The tool-result cache shared by every agent and host: results of read-only tools kept
 * for their TTL, so that the second identical call — from any agent — is answered without
 * reaching the server.
 *
 * An entry is keyed by scope (the server or provider group that answers), tool, the
 * canonical JSON of the arguments (`{a,b}` and `{b,a}` are one call), and the session when
 * the server's config says `cache.per_session`. The cache is bounded twice: at most
 * `maxEntries` entries and `maxBytes` of results (measured as JSON text); past either, the
 * least recently used entries go. Expired entries go when met, and in passing on each
 * write. Hits and misses are counted per scope, and per server (for `get_server_status`):
 * a hit counts for the server whose answer the entry holds, a miss for the server that then
 * answered the call (`countMiss`) — so each member of a provider group shows its own.
 *
 * Which tools are cached, and that a result with `isError` is never stored, is decided by
 * the caller (`routing/tool-policy.ts`); this module only keeps and counts.
 */

import { type Clock, systemClock } from '../supervisors/flood/clock.js';
import { LruMap } from '../supervisors/flood/lru-map.js';
import { canonicalJson } from './canonical-json.js';

export const RESULT_CACHE_DEFAULTS = {
  maxEntries: 10_000,
  maxBytes: 64 * 1024 * 1024,
  pruneExpiredPerWrite: 4,
} as const;

export interface ResultCacheOptions {
  readonly maxEntries?: number;
  readonly maxBytes?: number;
  readonly clock?: Clock;
}

/** What identifies one cached call. */
export interface CacheKeyParts {
  readonly scope: string;
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** Only when entries are kept per session. */
  readonly session?: string;
}

export interface CacheCounts {
  readonly hits: number;
  readonly misses: number;
}

export interface CacheStats extends CacheCounts {
  readonly entries: number;
  readonly bytes: number;
}

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
  readonly bytes: number;
  readonly scope: string;
  /** The server whose answer this is. */
  readonly server: string | undefined;
}

export class ResultCache {
  readonly #entries = new LruMap<Entry>();
  readonly #counts = new Map<string, { hits: number; misses: number }>();
  readonly #serverCounts = new Map<string, { hits: number; misses: number }>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #clock: Clock;
  #bytes = 0;

  constructor(options: ResultCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? RESULT_CACHE_DEFAULTS.maxEntries;
    this.#maxBytes = options.maxBytes ?? RESULT_CACHE_DEFAULTS.maxBytes;
    this.#clock = options.clock ?? systemClock;
  }

  /** The key of a call (throws a TypeError for arguments JSON cannot carry). */
  static keyOf(parts: CacheKeyParts): string {
    return [parts.scope, parts.tool, parts.session ?? '', canonicalJson(parts.args)].join('\0');
  }

  /** The live result for `parts`, counted as a hit, or undefined, counted as a miss. */
  get(parts: CacheKeyParts): unknown {
    const key = ResultCache.keyOf(parts);
    const entry = this.#entries.get(key);
    const counts = this.#countsOf(parts.scope);
    if (entry && entry.expiresAt > this.#clock.now()) {
      counts.hits++;
      if (entry.server !== undefined) countIn(this.#serverCounts, entry.server).hits++;
      return entry.value;
    }
    if (entry) this.#remove(key, entry);
    counts.misses++;
    return undefined;
  }

  /**
   * Keep `value` (`server`'s answer) for `ttlMs`; a value larger than the whole cache is not
   * kept. Returns when the entry expires (epoch ms, by the cache's clock), or undefined when
   * it was not kept.
   */
  set(parts: CacheKeyParts, value: unknown, ttlMs: number, server?: string): number | undefined {
    const key = ResultCache.keyOf(parts);
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
    const previous = this.#entries.peek(key);
    if (previous) this.#remove(key, previous);
    if (bytes > this.#maxBytes || ttlMs <= 0) return undefined;
    const expiresAt = this.#clock.now() + ttlMs;
    this.#entries.set(key, {
      value,
      expiresAt,
      bytes,
      scope: parts.scope,
      server,
    });
    this.#bytes += bytes;
    this.#pruneExpired(RESULT_CACHE_DEFAULTS.pruneExpiredPerWrite);
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      const entry = this.#entries.peek(oldest.value);
      if (entry) this.#remove(oldest.value, entry);
    }
    return this.#entries.peek(key) === undefined ? undefined : expiresAt;
  }

  /** Forget every entry. */
  clear(): void {
    this.#entries.pruneOldest(Number.POSITIVE_INFINITY, () => true);
    this.#bytes = 0;
  }

  /** Forget every entry of `scope` (its server restarted with other tools, or its config changed). */
  invalidateScope(scope: string): void {
    this.#entries.pruneOldest(Number.POSITIVE_INFINITY, (entry) => {
      if (entry.scope === scope) this.#bytes -= entry.bytes;
      return entry.scope === scope;
    });
  }

  /** Hits and misses of one scope. */
  countsOf(scope: string): CacheCounts {
    const counts = this.#counts.get(scope);
    return { hits: counts?.hits ?? 0, misses: counts?.misses ?? 0 };
  }

  /** `server` answered a cacheable call the cache could not (a miss of that server's). */
  countMiss(server: string): void {
    countIn(this.#serverCounts, server).misses++;
  }

  /** Hits of the entries `server` answered, and its misses. */
  countsOfServer(server: string): CacheCounts {
    const counts = this.#serverCounts.get(server);
    return { hits: counts?.hits ?? 0, misses: counts?.misses ?? 0 };
  }

  get stats(): CacheStats {
    let hits = 0;
    let misses = 0;
    for (const counts of this.#counts.values()) {
      hits += counts.hits;
      misses += counts.misses;
    }
    return { hits, misses, entries: this.#entries.size, bytes: this.#bytes };
  }

  #countsOf(scope: string): { hits: number; misses: number } {
    let counts = this.#counts.get(scope);
    if (!counts) {
      counts = { hits: 0, misses: 0 };
      this.#counts.set(scope, counts);
    }
    return counts;
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }

  /** Drop up to `limit` expired entries from the least recently used end. */
  #pruneExpired(limit: number): void {
    const now = this.#clock.now();
    this.#entries.pruneOldest(limit, (entry) => {
      if (entry.expiresAt > now) return false;
      this.#bytes -= entry.bytes;
      return true;
    });
  }
}

function countIn(
  counts: Map<string, { hits: number; misses: number }>,
  key: string,
): { hits: number; misses: number } {
  let found = counts.get(key);
  if (!found) {
    found = { hits: 0, misses: 0 };
    counts.set(key, found);
  }
  return found;
}
