/**
 * The shared memory through which a worker thread proves it is alive: one small
 * SharedArrayBuffer per thread, written by the thread, read by the main thread's watchdog.
 *
 * ```
 *   Int32 [0] loop beat     advanced by a timer on the thread's event loop
 *   Int32 [1] turn seq      odd while a turn runs, even between turns
 *   Int32 [2] turn budget   ms the current turn may run (its kind's turnTimeoutMs)
 *   Int32 [3] actor id len  bytes of the id of the actor in (or last in) a turn
 *   Int32 [4] threadId      worker_threads.threadId of the thread writing here
 *   bytes 32…               that actor id, UTF-8
 * ```
 * Writes are plain stores: the watchdog only needs to see progress, not a consistent snapshot.
 */
const HEADER_BYTES = 32;
const ID_BYTES = 480;
export const TURN_WATCH_BYTES = HEADER_BYTES + ID_BYTES;

const BEAT = 0;
const SEQ = 1;
const BUDGET = 2;
const ID_LENGTH = 3;
const THREAD_ID = 4;

export function createTurnWatchBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(TURN_WATCH_BYTES);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The thread's side: mark turns and beat. */
export class TurnWatch {
  private readonly words: Int32Array;
  private readonly idBytes: Uint8Array;
  private lastId: string | null = null;
  private beating: NodeJS.Timeout | null = null;

  constructor(buffer: SharedArrayBuffer, threadId: number) {
    this.words = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.idBytes = new Uint8Array(buffer, HEADER_BYTES, ID_BYTES);
    this.words[THREAD_ID] = threadId;
  }

  /** A turn of `actorId` begins; it may run `budgetMs`. */
  enter(actorId: string, budgetMs: number): void {
    if (actorId !== this.lastId) {
      this.lastId = actorId;
      const { written } = encoder.encodeInto(actorId, this.idBytes);
      this.words[ID_LENGTH] = written;
    }
    this.words[BUDGET] = budgetMs;
    this.words[SEQ] = ((this.words[SEQ] as number) + 1) | 1;
  }

  leave(): void {
    this.words[SEQ] = ((this.words[SEQ] as number) + 1) & ~1;
  }

  /** Advance the loop beat every `intervalMs` while the event loop turns. */
  startBeating(intervalMs: number): void {
    this.beating = setInterval(() => {
      this.words[BEAT] = ((this.words[BEAT] as number) + 1) | 0;
    }, intervalMs);
    this.beating.unref();
  }

  stop(): void {
    if (this.beating) clearInterval(this.beating);
  }
}

/** What the watchdog reads. */
export interface TurnWatchReading {
  readonly beat: number;
  readonly seq: number;
  readonly inTurn: boolean;
  readonly budgetMs: number;
  readonly threadId: number;
  actorId(): string;
}

export function readTurnWatch(buffer: SharedArrayBuffer): TurnWatchReading {
  const words = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  const seq = words[SEQ] as number;
  return {
    beat: words[BEAT] as number,
    seq,
    inTurn: (seq & 1) === 1,
    budgetMs: words[BUDGET] as number,
    threadId: words[THREAD_ID] as number,
    actorId: () => decoder.decode(new Uint8Array(buffer, HEADER_BYTES, words[ID_LENGTH] as number).slice()),
  };
}
