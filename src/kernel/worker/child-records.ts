/**
 * `ChildRecords`: a supervisor's children by id, in start order — what `cell.children`
 * holds. It is a `Map` of `ChildRecord`s to everyone who reads it, but a child added by a
 * spawn is kept as its bare spec, and its record (with the `stopping` and `failed` marks
 * the supervisor and the stopper write) is made the first time someone reads it. A parent
 * of a million idle children keeps a million specs, not a million specs and a million
 * 40-byte records; a record, once made, replaces the bare spec and is the one every
 * later read returns, so marks written on it stay.
 *
 * Who adds children is `spawn.ts`'s; what the supervisor does with them, `supervisor.ts`'s.
 */
import type { SpawnSpec } from '../wire/wire.js';

/** A supervisor's record of one child. */
export interface ChildRecord {
  readonly spec: SpawnSpec;
  /** The supervisor asked it to stop: its exit is expected, not a reason to restart. */
  stopping: boolean;
  /**
   * A durable child whose failure made its supervisor escalate: it waits, failed, until the
   * supervisor is restarted (and restarts it) or set aside (and sets it aside too).
   */
  failed?: boolean;
}

type Entry = ChildRecord | SpawnSpec;

function isRecord(entry: Entry): entry is ChildRecord {
  return (entry as Partial<ChildRecord>).spec !== undefined;
}

export class ChildRecords implements Map<string, ChildRecord> {
  private readonly entries_ = new Map<string, Entry>();

  readonly [Symbol.toStringTag] = 'ChildRecords';

  get size(): number {
    return this.entries_.size;
  }

  /** A child just spawned (not stopping, not failed): kept as its spec until its record is read. */
  addSpawned(spec: SpawnSpec): void {
    this.entries_.set(spec.id, spec);
  }

  has(id: string): boolean {
    return this.entries_.has(id);
  }

  get(id: string): ChildRecord | undefined {
    const entry = this.entries_.get(id);
    return entry === undefined ? undefined : this.recordOf(id, entry);
  }

  set(id: string, record: ChildRecord): this {
    this.entries_.set(id, record);
    return this;
  }

  delete(id: string): boolean {
    return this.entries_.delete(id);
  }

  clear(): void {
    this.entries_.clear();
  }

  keys(): MapIterator<string> {
    return this.entries_.keys();
  }

  *values(): MapIterator<ChildRecord> {
    for (const [id, entry] of this.entries_) yield this.recordOf(id, entry);
  }

  *entries(): MapIterator<[string, ChildRecord]> {
    for (const [id, entry] of this.entries_) yield [id, this.recordOf(id, entry)];
  }

  [Symbol.iterator](): MapIterator<[string, ChildRecord]> {
    return this.entries();
  }

  forEach(
    callback: (record: ChildRecord, id: string, map: Map<string, ChildRecord>) => void,
    thisArg?: unknown,
  ): void {
    for (const [id, record] of this.entries()) callback.call(thisArg, record, id, this);
  }

  /** The record of `id`, made (and put in the spec's place, same position) on first read. */
  private recordOf(id: string, entry: Entry): ChildRecord {
    if (isRecord(entry)) return entry;
    const record: ChildRecord = { spec: entry, stopping: false };
    this.entries_.set(id, record);
    return record;
  }
}
