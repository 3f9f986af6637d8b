/**
 * Liveness of the entities outside troupe that promise to beat at a fixed interval
 * (agent processes, remote workers, tool servers). A pure monitor: it is told about
 * beats and about time, and answers with events; the actor that wraps it owns the
 * timer, the persistence and whom to tell.
 *
 * ```
 *            2 intervals missed            + offlineGraceMs
 *  healthy ───────────────────▶ unresponsive ───────────────▶ offline
 *     ▲                              │                           │
 *     └──────── a beat: recovered ◀──┴───────────────────────────┘
 * ```
 *
 * Each transition is reported once, as a `HeartbeatEvent`: `sweep(now)` reports the
 * escalations, `beat(id)` reports a recovery. Status changes only through them, so an
 * entity's `status` always matches the last event about it.
 *
 * A restart of troupe must not look like every entity going silent: after downtime,
 * `resumeAfterDowntime(now)` (and `restore(snapshot, now)`) treat every entity as
 * having last beaten `now`. Statuses are kept: an entity that was already offline stays
 * offline until it beats, but nobody gets a false `offline` for beats sent while troupe
 * could not hear them. The durable shape lives in `heartbeat-snapshot.ts`.
 */
import { z } from 'zod';
import { type Clock, ClockSchema } from '../flood/clock.js';
import { IdSchema, parseArgument, TimeSchema } from '../flood/parse-argument.js';
import { type EntityStatus, type HeartbeatSnapshot, HeartbeatSnapshotSchema } from './heartbeat-snapshot.js';
import { UnknownEntityError } from './unknown-entity-error.js';

/** Every default of the heartbeat monitor, in one place. */
export const HEARTBEAT_DEFAULTS = {
  /** Intervals without a beat after which an entity is unresponsive. */
  missedBeforeUnresponsive: 2,
  /** Without `offlineGraceMs`: intervals an unresponsive entity has before it is offline. */
  offlineGraceIntervals: 3,
} as const;

export const HeartbeatMonitorOptionsSchema = z
  .object({
    clock: ClockSchema,
    /** Time from unresponsive to offline (default: offlineGraceIntervals of the entity's interval). */
    offlineGraceMs: z.number().nonnegative().optional(),
    missedBeforeUnresponsive: z.number().int().positive().optional(),
  })
  .strict();

export type HeartbeatMonitorOptions = z.input<typeof HeartbeatMonitorOptionsSchema>;

interface EventFields {
  readonly id: string;
  /** The last beat heard (for `recovered`: the beat that brought it back). */
  readonly lastBeatAt: number;
  /** Whole intervals without a beat (for `recovered`: how many it had missed). */
  readonly missed: number;
}

export type HeartbeatEvent =
  | (EventFields & { readonly type: 'unresponsive' })
  | (EventFields & { readonly type: 'offline' })
  | (EventFields & { readonly type: 'recovered'; readonly from: 'unresponsive' | 'offline' });

export type HeartbeatEventType = HeartbeatEvent['type'];

/** What the monitor knows of one entity. */
export interface EntityHeartbeat {
  readonly id: string;
  readonly status: EntityStatus;
  readonly intervalMs: number;
  readonly lastBeatAt: number;
  /** Whole intervals without a beat, as of the time asked. */
  readonly missed: number;
}

interface Entity {
  intervalMs: number;
  lastBeatAt: number;
  status: EntityStatus;
}

const IntervalSchema = z.number().positive();
const OptionalTimeSchema = TimeSchema.optional();

export class HeartbeatMonitor {
  readonly #clock: Clock;
  readonly #offlineGraceMs: number | undefined;
  readonly #missedBeforeUnresponsive: number;
  readonly #entities = new Map<string, Entity>();

  constructor(options: HeartbeatMonitorOptions) {
    const parsed = parseArgument(HeartbeatMonitorOptionsSchema, options, 'options');
    this.#clock = parsed.clock;
    this.#offlineGraceMs = parsed.offlineGraceMs;
    this.#missedBeforeUnresponsive =
      parsed.missedBeforeUnresponsive ?? HEARTBEAT_DEFAULTS.missedBeforeUnresponsive;
  }

  get size(): number {
    return this.#entities.size;
  }

  /**
   * Start watching `id`, which promises a beat every `intervalMs`; registering counts as
   * a beat. Registering a known id again changes its interval and counts as a beat too
   * (so it may return that entity's `recovered` event).
   */
  register(id: string, intervalMs: number, now?: number): HeartbeatEvent[] {
    parseArgument(IdSchema, id, 'id');
    parseArgument(IntervalSchema, intervalMs, 'intervalMs');
    const at = this.#now(now);
    const entity = this.#entities.get(id);
    if (!entity) {
      this.#entities.set(id, { intervalMs, lastBeatAt: at, status: 'healthy' });
      return [];
    }
    const events = this.#beat(id, entity, at); // missed intervals are counted in the old interval
    entity.intervalMs = intervalMs;
    return events;
  }

  /** A beat from `id`. Returns its `recovered` event if it was unresponsive or offline. */
  beat(id: string, now?: number): HeartbeatEvent[] {
    parseArgument(IdSchema, id, 'id');
    const at = this.#now(now);
    const entity = this.#entities.get(id);
    if (!entity) throw new UnknownEntityError(id);
    return this.#beat(id, entity, at);
  }

  /** Stop watching `id`; returns whether it was watched. No event is emitted. */
  deregister(id: string): boolean {
    parseArgument(IdSchema, id, 'id');
    return this.#entities.delete(id);
  }

  /**
   * Escalate every entity whose beats are overdue at `now`, and return one event per
   * transition (an entity found long gone gets `unresponsive` then `offline`).
   */
  sweep(now?: number): HeartbeatEvent[] {
    const at = this.#now(now);
    const events: HeartbeatEvent[] = [];
    for (const [id, entity] of this.#entities) {
      const silentMs = at - entity.lastBeatAt;
      const missed = missedIntervals(entity, at);
      if (entity.status === 'healthy' && silentMs >= this.#unresponsiveAfterMs(entity)) {
        entity.status = 'unresponsive';
        events.push({ type: 'unresponsive', id, lastBeatAt: entity.lastBeatAt, missed });
      }
      if (entity.status === 'unresponsive' && silentMs >= this.#offlineAfterMs(entity)) {
        entity.status = 'offline';
        events.push({ type: 'offline', id, lastBeatAt: entity.lastBeatAt, missed });
      }
    }
    return events;
  }

  /** The earliest time a `sweep` could report something, or undefined if none can: when to set the next timer. */
  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    for (const entity of this.#entities.values()) {
      const due =
        entity.status === 'healthy'
          ? entity.lastBeatAt + this.#unresponsiveAfterMs(entity)
          : entity.status === 'unresponsive'
            ? entity.lastBeatAt + this.#offlineAfterMs(entity)
            : undefined;
      if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
    }
    return earliest;
  }

  status(id: string, now?: number): EntityHeartbeat | undefined {
    parseArgument(IdSchema, id, 'id');
    const at = this.#now(now);
    const entity = this.#entities.get(id);
    return entity && describeEntity(id, entity, at);
  }

  /** Every watched entity, in registration order. */
  list(now?: number): EntityHeartbeat[] {
    const at = this.#now(now);
    return [...this.#entities].map(([id, entity]) => describeEntity(id, entity, at));
  }

  /**
   * Troupe was down until `now`: treat every entity as having last beaten at `now`, so
   * that beats sent while nobody listened do not count as missed. Statuses are kept.
   */
  resumeAfterDowntime(now?: number): void {
    const at = this.#now(now);
    for (const entity of this.#entities.values()) entity.lastBeatAt = Math.max(entity.lastBeatAt, at);
  }

  /** Plain data for durable state; `restore` takes it back. */
  snapshot(now?: number): HeartbeatSnapshot {
    return {
      version: 1,
      takenAt: this.#now(now),
      entities: [...this.#entities].map(([id, { intervalMs, lastBeatAt, status }]) => ({
        id,
        intervalMs,
        lastBeatAt,
        status,
      })),
    };
  }

  /** Replace every entity with those of `snapshot`, then resume as after downtime ending `now`. */
  restore(snapshot: HeartbeatSnapshot, now?: number): void {
    const parsed = parseArgument(HeartbeatSnapshotSchema, snapshot, 'snapshot');
    const at = this.#now(now);
    this.#entities.clear();
    for (const { id, intervalMs, lastBeatAt, status } of parsed.entities) {
      this.#entities.set(id, { intervalMs, lastBeatAt, status });
    }
    this.resumeAfterDowntime(at);
  }

  #beat(id: string, entity: Entity, at: number): HeartbeatEvent[] {
    const previous = entity.status;
    const missed = missedIntervals(entity, at);
    // A late-delivered beat older than the last one heard changes nothing but the status.
    entity.lastBeatAt = Math.max(entity.lastBeatAt, at);
    if (previous === 'healthy') return [];
    entity.status = 'healthy';
    return [{ type: 'recovered', id, lastBeatAt: entity.lastBeatAt, missed, from: previous }];
  }

  #unresponsiveAfterMs(entity: Entity): number {
    return this.#missedBeforeUnresponsive * entity.intervalMs;
  }

  #offlineAfterMs(entity: Entity): number {
    const graceMs = this.#offlineGraceMs ?? HEARTBEAT_DEFAULTS.offlineGraceIntervals * entity.intervalMs;
    return this.#unresponsiveAfterMs(entity) + graceMs;
  }

  #now(now: number | undefined): number {
    return parseArgument(OptionalTimeSchema, now, 'now') ?? this.#clock.now();
  }
}

function missedIntervals(entity: Entity, at: number): number {
  return Math.max(0, Math.floor((at - entity.lastBeatAt) / entity.intervalMs));
}

function describeEntity(id: string, entity: Entity, at: number): EntityHeartbeat {
  return {
    id,
    status: entity.status,
    intervalMs: entity.intervalMs,
    lastBeatAt: entity.lastBeatAt,
    missed: missedIntervals(entity, at),
  };
}
