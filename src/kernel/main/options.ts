/**
 * System options: the zod schema that validates them and the defaults that fill them.
 * Every bad option becomes an `InvalidOptionError` naming its path (`options.threads …`).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_MAILBOX, type MailboxSpec } from '../actor/mailbox.js';
import {
  BackoffSchema,
  MailboxSchema,
  parseOptions,
  resolveMailbox,
  resolveSupervision,
  SupervisionSchema,
} from '../actor/spawn-options.js';
import { type Clock, type ClockSource, isClock, systemClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { type BackoffSpec, DEFAULT_SUPERVISION, type SupervisionSpec } from '../supervision/spec.js';
import { DEFAULT_RESUME_BACKOFF } from '../supervision/suspension.js';

const positiveInt = z.number().int().positive();

/**
 * A worker's young generation unless `workerResourceLimits` sets one, where Node's own is
 * smaller: 64 MiB, V8's semi-spaces 32 MiB. A thread hosting thousands of actors in flight
 * allocates a turn's short-lived objects fast; with semi-spaces twice as large half as many
 * scavenges run and fewer of those objects live long enough to be promoted, so the old
 * generation fills, and is mark-compacted, less often (bench `workflows` on Node 20: 10 k runs in
 * flight, ~15 % more steps/s). V8 commits the space as it is used.
 */
export const DEFAULT_WORKER_YOUNG_GENERATION_MB = 64;

/**
 * The young generation troupe gives a worker by default on the V8 `version` (default: this
 * process's): 64 MiB where Node's default is 48 — Node 20 and 22 (V8 11 and 12) — and none of its
 * own from V8 13 (Node 24), whose default, 192 MiB, is larger already.
 */
export function defaultWorkerYoungGenerationMb(version: string = process.versions.v8): number | undefined {
  return Number.parseInt(version, 10) < 13 ? DEFAULT_WORKER_YOUNG_GENERATION_MB : undefined;
}

export const SystemOptionsSchema = z
  .object({
    /** Worker threads in the pool (default: available cores). */
    threads: z.number().int().min(1).max(256),
    /** Default mailbox of every actor. */
    mailbox: MailboxSchema,
    /** Default ask timeout. */
    askTimeoutMs: positiveInt,
    /** How long `system.spawn` waits for the actor's `init` on its thread. */
    spawnTimeoutMs: positiveInt,
    /** How long a message for an unknown actor id waits for that actor's spawn (0: not at all). */
    unknownActorGraceMs: z.number().int().nonnegative(),
    /** Directory of the LMDB store; actors are durable when it is set. */
    dataDir: z.string().min(1),
    /** `memory`: no store; `commit`: acknowledged = committed (survives kill -9); `flush`: also synced to disk. */
    durability: z.enum(['memory', 'commit', 'flush']),
    /**
     * How long startup waits for another process to let go of `dataDir` (one process at a time
     * runs on a store: a process handing it over) before it throws `StoreLockedError`.
     */
    storeLockWaitMs: z.number().int().nonnegative(),
    /** A durable actor idle this long leaves memory (its state stays in the store). */
    idleTimeoutMs: positiveInt,
    /**
     * Durable actors one thread keeps in memory at most; past it the least recently active idle
     * ones leave memory (their state stays in the store). Default: the thread's heap limit / 16 KiB.
     */
    maxActiveActors: positiveInt,
    /** A turn running longer jams its thread: the thread is replaced (a kind may set its own). */
    turnTimeoutMs: positiveInt,
    /** A thread whose event loop does not turn for this long is replaced. */
    loopTimeoutMs: positiveInt,
    /** Cap on any actor's encoded state (a kind may set its own); none by default. */
    maxStateBytes: positiveInt,
    /** How the root supervisor treats top-level actors, and the default for every supervisor. */
    supervision: SupervisionSchema,
    /**
     * When a suspended durable actor (one that failed past its restart intensity) is resumed on
     * its own: after `initialMs` (30 s), doubling (`factor` 2) with each suspension in a row, at
     * most `maxMs` (10 min).
     */
    resumeBackoff: BackoffSchema.partial(),
    /** Messages one actor may handle before the thread moves on to the next actor (fairness). */
    throughput: positiveInt,
    /** The clock every thread reads (default `systemClock`; tests pass `createManualClock()`). */
    clock: z.custom<Clock>(isClock, 'must be systemClock or a clock made by createManualClock()'),
    /**
     * V8 limits of each worker thread; a thread that exceeds them is replaced. The young
     * generation is 64 MiB unless set, where Node's default is smaller (`defaultWorkerYoungGenerationMb`).
     */
    workerResourceLimits: z
      .object({
        maxOldGenerationSizeMb: positiveInt,
        maxYoungGenerationSizeMb: positiveInt,
        codeRangeSizeMb: positiveInt,
        stackSizeMb: positiveInt,
      })
      .strict()
      .partial(),
  })
  .strict()
  .partial();

export type SystemOptions = z.input<typeof SystemOptionsSchema>;

export interface ResolvedSystemOptions {
  readonly threads: number;
  readonly mailbox: MailboxSpec;
  readonly askTimeoutMs: number;
  readonly spawnTimeoutMs: number;
  readonly unknownActorGraceMs: number;
  /** The store, or `null` for a memory-only system. */
  readonly store: { readonly path: string; readonly durability: 'commit' | 'flush' } | null;
  readonly storeLockWaitMs: number;
  readonly idleTimeoutMs: number;
  /** `undefined`: each thread derives it from its heap limit (`durable/passivation.ts`). */
  readonly maxActiveActors: number | undefined;
  readonly turnTimeoutMs: number;
  readonly loopTimeoutMs: number;
  readonly maxStateBytes: number | undefined;
  /** The clock, as plain data every thread can read. */
  readonly clock: ClockSource;
  readonly supervision: SupervisionSpec;
  readonly resumeBackoff: BackoffSpec;
  readonly throughput: number;
  readonly workerResourceLimits: NonNullable<SystemOptions['workerResourceLimits']>;
}

export function resolveSystemOptions(options: unknown): ResolvedSystemOptions {
  const parsed = parseOptions(SystemOptionsSchema, options ?? {}, 'options');
  return {
    threads: parsed.threads ?? availableParallelism(),
    mailbox: resolveMailbox(DEFAULT_MAILBOX, parsed.mailbox),
    askTimeoutMs: parsed.askTimeoutMs ?? 5_000,
    spawnTimeoutMs: parsed.spawnTimeoutMs ?? 30_000,
    unknownActorGraceMs: parsed.unknownActorGraceMs ?? 100,
    store: resolveStore(parsed.dataDir, parsed.durability),
    storeLockWaitMs: parsed.storeLockWaitMs ?? 10_000,
    idleTimeoutMs: parsed.idleTimeoutMs ?? 300_000,
    maxActiveActors: parsed.maxActiveActors,
    turnTimeoutMs: parsed.turnTimeoutMs ?? 2_000,
    maxStateBytes: parsed.maxStateBytes,
    clock: (parsed.clock ?? systemClock).source,
    loopTimeoutMs: parsed.loopTimeoutMs ?? Math.max(2_000, parsed.turnTimeoutMs ?? 2_000),
    supervision: resolveSupervision(DEFAULT_SUPERVISION, parsed.supervision),
    resumeBackoff: resolveResumeBackoff(parsed.resumeBackoff),
    throughput: parsed.throughput ?? 64,
    workerResourceLimits: resolveWorkerLimits(parsed.workerResourceLimits),
  };
}

/** The limits given, with troupe's young generation where none is given and Node's is smaller. */
function resolveWorkerLimits(
  given: SystemOptions['workerResourceLimits'],
): NonNullable<SystemOptions['workerResourceLimits']> {
  const young = given?.maxYoungGenerationSizeMb ?? defaultWorkerYoungGenerationMb();
  return { ...given, ...(young === undefined ? {} : { maxYoungGenerationSizeMb: young }) };
}

/** The resume backoff over its defaults; its `maxMs` may not be below its `initialMs`. */
function resolveResumeBackoff(override: Partial<BackoffSpec> | undefined): BackoffSpec {
  const backoff = { ...DEFAULT_RESUME_BACKOFF, ...override };
  if (backoff.maxMs < backoff.initialMs)
    throw new InvalidOptionError(
      'options.resumeBackoff.maxMs',
      `must be >= initialMs (${backoff.initialMs})`,
    );
  return backoff;
}

/** `dataDir` alone means `commit`; `durability` other than `memory` needs a `dataDir`. */
function resolveStore(dataDir: string | undefined, durability: 'memory' | 'commit' | 'flush' | undefined) {
  if (durability === 'memory') return null;
  if (dataDir === undefined) {
    if (durability !== undefined)
      throw new InvalidOptionError('options.dataDir', `is required for durability "${durability}"`);
    return null;
  }
  return { path: dataDir, durability: durability ?? 'commit' } as const;
}
