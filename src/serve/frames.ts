/**
 * `FrameReader`: newline-delimited frames out of a byte stream, with a size limit that
 * costs bounded memory. A frame over `maxBytes` is not kept: only its first and last
 * `EDGE_BYTES` are (enough to read a JSON-RPC id from), the rest is skipped up to its
 * newline, and `onOversized` reports it — the reader then goes on with the next frame, so
 * one huge line never ends the session. Empty lines are skipped; a trailing `\r` is dropped.
 */

/** Bytes kept from each end of an oversized frame. */
export const EDGE_BYTES = 512;

export interface OversizedFrame {
  readonly bytes: number;
  readonly head: string;
  readonly tail: string;
}

export interface FrameEvents {
  readonly onFrame: (line: string) => void;
  readonly onOversized: (frame: OversizedFrame) => void;
}

const NEWLINE = 0x0a;

export class FrameReader {
  #chunks: Buffer[] = [];
  #size = 0;
  /** Set while skipping the rest of an oversized frame. */
  #skipping: { bytes: number; head: Buffer; tail: Buffer } | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly events: FrameEvents,
  ) {}

  push(data: Buffer | string): void {
    let chunk = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    while (chunk.length > 0) {
      const end = chunk.indexOf(NEWLINE);
      const part = end < 0 ? chunk : chunk.subarray(0, end);
      if (this.#skipping) this.#skip(part);
      else if (this.#size + part.length > this.maxBytes) this.#startSkipping(part);
      else {
        this.#chunks.push(part);
        this.#size += part.length;
      }
      if (end < 0) return;
      this.#endFrame();
      chunk = chunk.subarray(end + 1);
    }
  }

  #startSkipping(part: Buffer): void {
    const all = Buffer.concat([...this.#chunks, part]);
    this.#chunks = [];
    this.#size = 0;
    this.#skipping = {
      bytes: all.length,
      head: all.subarray(0, EDGE_BYTES),
      tail: Buffer.from(all.subarray(Math.max(0, all.length - EDGE_BYTES))),
    };
  }

  #skip(part: Buffer): void {
    const skipping = this.#skipping;
    if (!skipping) return;
    skipping.bytes += part.length;
    const tail = Buffer.concat([skipping.tail, part]);
    skipping.tail = Buffer.from(tail.subarray(Math.max(0, tail.length - EDGE_BYTES)));
  }

  #endFrame(): void {
    const skipping = this.#skipping;
    if (skipping) {
      this.#skipping = null;
      const text = (bytes: Buffer) => bytes.toString('utf8').replace(/\r$/, '');
      this.events.onOversized({
        bytes: skipping.bytes,
        head: text(skipping.head),
        tail: text(skipping.tail),
      });
      return;
    }
    const line = Buffer.concat(this.#chunks).toString('utf8').replace(/\r$/, '');
    this.#chunks = [];
    this.#size = 0;
    if (line.trim().length > 0) this.events.onFrame(line);
  }
}
