/**
 * `ThreadTask`: what the main thread hands a worker to run one logical thread of the system
 * for its whole life — its ports (main, peers, control plane), the store and sequence, the
 * watchdog's buffer, the clock and the defaults. Plain data and transferable ports: it is
 * the piscina task that starts the worker side (`worker/entry.ts`).
 */
import type { MessagePort } from 'node:worker_threads';
import type { SpawnDefaults } from '../actor/spawn-spec.js';
import type { ClockSource } from '../clock.js';

/**
 * A stored message whose turn jammed a thread: the thread's next worker gets it again from the
 * inbox and counts `attempts` (jams included) against it, so a message that keeps jamming is
 * quarantined. Keyed by its inbox seq, which is unique in the process.
 */
export interface JamCharge {
  readonly seq: number;
  readonly attempts: number;
}

export interface ThreadTask {
  readonly thread: number;
  readonly threads: number;
  readonly throughput: number;
  readonly askTimeoutMs: number;
  /** How long a message for an unknown id waits for that actor's spawn before it is a dead letter. */
  readonly unknownActorGraceMs: number;
  readonly defaults: SpawnDefaults;
  readonly mainPort: MessagePort;
  /** Index = peer thread; `null` at this thread's own index. */
  readonly peerPorts: readonly (MessagePort | null)[];
  /** The store this thread opens, or `null` for a memory-only system. */
  readonly store: { readonly path: string; readonly durability: 'commit' | 'flush' } | null;
  /** The process-wide sequence (inbox and spawn numbers), shared by all threads. */
  readonly sequence: SharedArrayBuffer | null;
  readonly idleTimeoutMs: number;
  /** Durable actors kept in memory at most (`undefined`: derived from the thread's heap limit). */
  readonly maxActiveActors: number | undefined;
  /** Whether anyone watches the waits between actors (`wait-watch.ts`): one buffer per system. */
  readonly waitWatch: SharedArrayBuffer;
  /** Where this thread writes down who called `process.exit`, should it (`death-note.ts`). */
  readonly deathNote: SharedArrayBuffer;
  /** Where this thread shows the watchdog it is alive. */
  readonly turnWatch: SharedArrayBuffer;
  readonly turnTimeoutMs: number;
  readonly maxStateBytes: number | undefined;
  /** The clock every thread of the system reads. */
  readonly clock: ClockSource;
  /** Stored messages that jammed this thread's previous worker, with their attempts so far. */
  readonly jammed: readonly JamCharge[];
  /** Where the thread's control plane (comlink: inspect, stats, peer replacement, shutdown) is served. */
  readonly controlPort: MessagePort;
}
