/**
 * The shared memory through which a worker thread proves it is alive: one
 * SharedArrayBuffer per thread, written by the thread, read by the main thread's watchdog.
 *
 * ```
 *   Int32 [0] loop beat     advanced by a timer on the thread's event loop, and by the runtime's
 *                           own work (a slice of inbound batches, a drain, a committed batch,
 *                           an `init` or awaited turn that came back)
 *   Int32 [1] turn seq      odd while a turn runs, even between turns
 *   Int32 [2] turn budget   ms the current turn may run (its kind's turnTimeoutMs)
 *   Int32 [3] actor tag     the tag of the actor in (or last in) a turn
 *   Int32 [4] threadId      worker_threads.threadId of the thread writing here
 *   Int32 [5] attempts      failed attempts (jams included) at the message of the turn before it
 *   Float64 at byte 24      the inbox seq of the message of the turn (0: not a stored message)
 *   Int32 [8] loading       kind modules being imported (their evaluation blocks the loop)
 *   Int32 [9] heap          the thread's heap in use, per mille of its limit, at the last beat
 *   Int32 [10] writing      1 while the thread runs the write functions of a store transaction
 *   directory from byte 48  SLOTS entries of SLOT_BYTES: [tag, id length, id UTF-8 …]
 * ```
 * A turn costs a few plain stores: each actor gets a tag once, and its id is written into
 * the directory slot `tag % SLOTS` only when the slot holds another actor's id. Writes are
 * plain stores: the watchdog only needs to see progress, not a consistent snapshot. The seq
 * and attempts let a jam be charged to the message that was running (`main/jam-handler.ts`),
 * not to whatever heads the actor's mailbox after the thread is replaced.
 */
import { getHeapStatistics } from 'node:v8';

const HEADER_BYTES = 48;
const SLOTS = 16_384;
const SLOT_BYTES = 64;
const SLOT_ID_BYTES = SLOT_BYTES - 8;
export const TURN_WATCH_BYTES = HEADER_BYTES + SLOTS * SLOT_BYTES;

const BEAT = 0;
const SEQ = 1;
const BUDGET = 2;
const TAG = 3;
const THREAD_ID = 4;
const ATTEMPTS = 5;
const INBOX_SEQ_BYTE = 24;
const LOADING = 8;
const HEAP = 9;
const WRITING = 10;

export function createTurnWatchBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(TURN_WATCH_BYTES);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the watch needs of an actor: its id, and a tag it keeps (0: none yet). */
export interface Watched {
  readonly id: string;
  watchTag: number;
}

/** The thread's side: mark turns and beat. */
export class TurnWatch {
  private readonly words: Int32Array;
  private readonly inboxSeq: Float64Array;
  private readonly directory: Int32Array;
  private readonly bytes: Uint8Array;
  private nextTag = 1;
  private beating: NodeJS.Timeout | null = null;

  constructor(buffer: SharedArrayBuffer, threadId: number) {
    this.words = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.words[LOADING] = 0;
    this.words[WRITING] = 0;
    this.inboxSeq = new Float64Array(buffer, INBOX_SEQ_BYTE, 1);
    this.directory = new Int32Array(buffer, HEADER_BYTES, (SLOTS * SLOT_BYTES) / 4);
    this.bytes = new Uint8Array(buffer);
    this.words[THREAD_ID] = threadId;
  }

  /**
   * A turn of `actor` begins; it may run `budgetMs`. It handles the message stored under inbox
   * `seq` (0: a message not in the store), which failed `attempts` times before.
   */
  enter(actor: Watched, budgetMs: number, seq: number, attempts: number): void {
    let tag = actor.watchTag;
    if (tag === 0) {
      tag = this.nextTag++;
      actor.watchTag = tag;
    }
    const slot = (tag % SLOTS) * (SLOT_BYTES / 4);
    if (this.directory[slot] !== tag) {
      const { written } = encoder.encodeInto(
        actor.id,
        this.bytes.subarray(HEADER_BYTES + slot * 4 + 8, HEADER_BYTES + slot * 4 + 8 + SLOT_ID_BYTES),
      );
      this.directory[slot + 1] = written;
      this.directory[slot] = tag;
    }
    this.words[TAG] = tag;
    this.words[BUDGET] = budgetMs;
    this.words[ATTEMPTS] = attempts;
    this.inboxSeq[0] = seq;
    this.words[SEQ] = ((this.words[SEQ] as number) + 1) | 1;
  }

  /** A kind module's import begins (+1) or ends (-1): the watchdog gives the loop longer meanwhile. */
  loading(delta: 1 | -1): void {
    this.words[LOADING] = Math.max(0, (this.words[LOADING] as number) + delta);
  }

  /**
   * The thread enters (true) or leaves (false) the write functions of a store transaction. While
   * it is inside, the watchdog does not end it: a worker ended with LMDB's write transaction open
   * deadlocks lmdb-js's clean-up against every other thread waiting to write (seen: the whole
   * process hung). Write functions are the kernel's own and short; the jam is reported once the
   * thread is out.
   */
  writing(inside: boolean): void {
    this.words[WRITING] = inside ? 1 : 0;
  }

  leave(): void {
    this.words[SEQ] = ((this.words[SEQ] as number) + 1) & ~1;
  }

  /**
   * The runtime made progress outside a turn (it applied a slice of what arrived, ran a drain,
   * committed a batch, an `init` or awaited turn came back): advance the beat. Under a flood the event loop can spend seconds in
   * such work — thousands of `init` continuations, commits and their deliveries — before its
   * timer phase comes round; the thread is busy, not jammed. A loop stuck anywhere else (a
   * continuation that never returns) stops every beat.
   */
  pulse(): void {
    this.words[BEAT] = ((this.words[BEAT] as number) + 1) | 0;
  }

  /** Advance the loop beat every `intervalMs` while the event loop turns. */
  startBeating(intervalMs: number): void {
    this.beating = setInterval(() => {
      this.pulse();
      // A loop that stops beating with a full heap is collecting garbage, not spinning: say so.
      const heap = getHeapStatistics();
      this.words[HEAP] = Math.round((heap.used_heap_size / heap.heap_size_limit) * 1000);
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
  /** The inbox seq of the message of the current (or last) turn; 0 when it was not stored. */
  readonly inboxSeq: number;
  /** Failed attempts at that message before its current turn. */
  readonly attempts: number;
  /** A kind module is being imported on the thread. */
  readonly loading: boolean;
  /** The thread's heap in use at its last beat, per mille of its limit. */
  readonly heapPermille: number;
  /** The thread is inside a store transaction's write functions (`TurnWatch.writing`). */
  readonly writing: boolean;
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
    inboxSeq: new Float64Array(buffer, INBOX_SEQ_BYTE, 1)[0] as number,
    attempts: words[ATTEMPTS] as number,
    loading: (words[LOADING] as number) > 0,
    heapPermille: words[HEAP] as number,
    writing: words[WRITING] === 1,
    actorId: () => {
      const tag = words[TAG] as number;
      const slot = (tag % SLOTS) * SLOT_BYTES;
      const entry = new Int32Array(buffer, HEADER_BYTES + slot, 2);
      // Long ids are cut at SLOT_ID_BYTES; a slot taken over by another actor names nobody.
      if (entry[0] !== tag) return '';
      return decoder.decode(new Uint8Array(buffer, HEADER_BYTES + slot + 8, entry[1] as number).slice());
    },
  };
}
