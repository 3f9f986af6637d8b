/**
 * Where a Streamable HTTP session's SSE events are kept (`EventLog`), by seq, for
 * `SessionEventStore` (`event-store.ts`) to replay on a resume:
 *
 * - `TableEventLog`: the `http-events` table of the runtime's store (`[sessionId, seq]` →
 *   `{ streamId, message, at }`), written from the main thread (`system.writeTables`, grouped
 *   with the other writes of its macrotask): `append` resolves once the event is committed, so
 *   it survives a restart of troupe (`commit`/`flush` durability);
 * - `MemoryEventLog`: in this process only — for `--durability memory`, whose store is a
 *   scratch directory no later run opens again, so a commit would buy nothing a restart
 *   could use; a client still resumes a dropped stream while the process lives.
 *
 * Both prune on every append, from the oldest: past `maxEvents`, or older than `maxAgeMs` —
 * never the newest, which keeps the session's highest seq readable (`readEventBounds`).
 */
import type { ActorSystem } from '../../kernel/index.js';

export const HTTP_EVENTS_TABLE = 'http-events';

export interface StoredEvent {
  readonly streamId: string;
  readonly message: unknown;
  readonly at: number;
}

/** How many of a session's events are kept, and for how long. */
export interface EventRetention {
  readonly maxEvents: number;
  readonly maxAgeMs: number;
}

/** A session's kept events: the lowest seq that may still be kept, and the highest handed out. */
export interface EventBounds {
  readonly oldest: number;
  readonly seq: number;
}

/** A session that never kept an event. */
export const NO_EVENTS: EventBounds = { oldest: 1, seq: 0 };

export interface KeptEvent {
  readonly seq: number;
  readonly event: StoredEvent;
}

export interface EventLog {
  /** Keep event `seq` (the highest so far) and prune from `from`; resolves the new oldest once kept. */
  append(seq: number, event: StoredEvent, from: number): Promise<number>;
  /** Up to `limit` kept events after `seq`, in order. */
  after(seq: number, limit: number): Promise<KeptEvent[]>;
  /** Remove the events from `bounds.oldest` to `bounds.seq`, after every append made before. */
  remove(bounds: EventBounds): Promise<void>;
}

export class TableEventLog implements EventLog {
  constructor(
    private readonly system: ActorSystem,
    private readonly sessionId: string,
    private readonly retention: EventRetention,
  ) {}

  append(seq: number, event: StoredEvent, from: number): Promise<number> {
    const { sessionId, retention } = this;
    return this.system.writeTables((tables) => {
      const events = tables.table<StoredEvent>(HTTP_EVENTS_TABLE);
      events.put([sessionId, seq], event);
      return prune(
        (at) => events.get([sessionId, at]),
        (at) => events.remove([sessionId, at]),
        { from, seq, now: event.at },
        retention,
      );
    });
  }

  async after(seq: number, limit: number): Promise<KeptEvent[]> {
    await freshReads();
    return this.system
      .table<StoredEvent>(HTTP_EVENTS_TABLE)
      .range({ prefix: [this.sessionId], after: [this.sessionId, seq], limit })
      .map(({ key, value }) => ({ seq: Number(key[1]), event: value }));
  }

  remove(bounds: EventBounds): Promise<void> {
    return removeTableEvents(this.system, this.sessionId, bounds);
  }
}

/** Remove the `http-events` rows of `sessionId` from `bounds.oldest` to `bounds.seq`. */
export function removeTableEvents(
  system: ActorSystem,
  sessionId: string,
  bounds: EventBounds,
): Promise<void> {
  if (bounds.seq < bounds.oldest) return Promise.resolve();
  return system.writeTables((tables) => {
    const events = tables.table(HTTP_EVENTS_TABLE);
    for (let seq = bounds.oldest; seq <= bounds.seq; seq++) events.remove([sessionId, seq]);
  });
}

export class MemoryEventLog implements EventLog {
  /** By seq, in the order appended (= seq order). */
  private readonly events = new Map<number, StoredEvent>();

  constructor(private readonly retention: EventRetention) {}

  async append(seq: number, event: StoredEvent, from: number): Promise<number> {
    this.events.set(seq, event);
    return prune(
      (at) => this.events.get(at),
      (at) => this.events.delete(at),
      { from, seq, now: event.at },
      this.retention,
    );
  }

  async after(seq: number, limit: number): Promise<KeptEvent[]> {
    const kept: KeptEvent[] = [];
    for (const [at, event] of this.events) {
      if (at <= seq) continue;
      kept.push({ seq: at, event });
      if (kept.length === limit) break;
    }
    return kept;
  }

  async remove(bounds: EventBounds): Promise<void> {
    for (let seq = bounds.oldest; seq <= bounds.seq; seq++) this.events.delete(seq);
  }
}

/** Prune from `from`: past `maxEvents`, or older than `maxAgeMs`; never `seq` itself. Returns the new oldest. */
function prune(
  get: (seq: number) => StoredEvent | undefined,
  remove: (seq: number) => void,
  { from, seq, now }: { readonly from: number; readonly seq: number; readonly now: number },
  { maxEvents, maxAgeMs }: EventRetention,
): number {
  let oldest = from;
  while (oldest < seq) {
    const event = get(oldest);
    const tooMany = seq - oldest + 1 > maxEvents;
    if (event !== undefined && !tooMany && now - event.at <= maxAgeMs) break;
    if (event !== undefined) remove(oldest);
    oldest++;
  }
  return oldest;
}

/**
 * Let lmdb-js renew the main thread's read snapshot, so a read sees commits whose answers
 * already arrived (lmdb-js keeps a thread's read snapshot until a 0 ms timer of its own).
 */
export function freshReads(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
