/**
 * `ResultMirror`: the embedding handle's copy of the shared-cache entries its own calls
 * filled, so that the same call again, within the entry's TTL, is answered on the caller's
 * thread with no message to the directory (a hit then costs what a lookup costs, not two
 * thread hops and a turn).
 *
 * The directory stays the owner of the cache: it decides what is cached and for how long
 * (an answer it has just cached says until when, `cachedUntil`, read on the runtime's
 * clock, which the mirror reads too), and tells the handle when a scope's entries go
 * (`CacheNews`); the mirror then forgets everything (rare: a server restarted with another
 * tool list, a config change). A copy taken while such news was on its way is not kept
 * (`generation`).
 *
 * Entries are keyed by exposed name, canonical arguments and the session the call carried —
 * always the session, even for a server without `cache.per_session`, so the mirror never
 * answers a call the directory would have keyed apart; such a call misses here and the
 * directory answers it from its own cache. Hits are counted per server (the one whose answer
 * the entry holds), for `Gateway.servers()` to add to the directory's counts.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Clock } from '../../supervisors/flood/clock.js';
import type { ToolCallResult } from '../call-events.js';
import { ResultCache, type ResultCacheOptions } from '../result-cache.js';

interface MirroredAnswer {
  readonly result: CallToolResult;
  readonly group: string;
  readonly tool: string;
}

export interface MirrorKey {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly sessionId: string | undefined;
}

export class ResultMirror {
  readonly #entries: ResultCache;
  readonly #clock: Clock;
  /** Names with entries kept (since the last clear): a call to another name costs no key. */
  readonly #names = new Set<string>();
  #generation = 0;

  constructor(clock: Clock, bounds: Pick<ResultCacheOptions, 'maxEntries' | 'maxBytes'> = {}) {
    this.#clock = clock;
    this.#entries = new ResultCache({ ...bounds, clock });
  }

  /** Moves on every `clear()`: a copy is kept only if none happened since its call was sent. */
  get generation(): number {
    return this.#generation;
  }

  /** The cached answer to this call, as a hit (counted), or undefined. */
  get(key: MirrorKey): ToolCallResult | undefined {
    if (!this.#names.has(key.name)) return undefined;
    let hit: MirroredAnswer | undefined;
    try {
      hit = this.#entries.get(partsOf(key)) as MirroredAnswer | undefined;
    } catch {
      return undefined; // Arguments JSON cannot carry: the directory gives the verdict.
    }
    if (hit === undefined) return undefined;
    return {
      result: hit.result,
      group: hit.group,
      tool: hit.tool,
      cached: true,
      attempts: [],
      durationMs: 0,
    };
  }

  /** Keep a copy of `answer`, which the directory cached (until `answer.cachedUntil`), if no news came since `generation`. */
  keep(key: MirrorKey, answer: ToolCallResult, generation: number): void {
    const { cachedUntil, server } = answer;
    if (cachedUntil === undefined || generation !== this.#generation) return;
    const value: MirroredAnswer = { result: answer.result, group: answer.group, tool: answer.tool };
    try {
      this.#entries.set(partsOf(key), value, cachedUntil - this.#clock.now(), server);
      this.#names.add(key.name);
    } catch {
      // Not keyable: not kept.
    }
  }

  /** Hits answered here of entries `server` answered. */
  hitsOf(server: string): number {
    return this.#entries.countsOfServer(server).hits;
  }

  /** Forget every entry (the directory dropped some). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#names.clear();
  }
}

function partsOf(key: MirrorKey) {
  return {
    scope: key.name,
    tool: '',
    args: key.args,
    ...(key.sessionId === undefined ? {} : { session: key.sessionId }),
  };
}
