/**
 * A `Link`: one newline-delimited JSON-RPC connection to the process that hosts the
 * runtime — a Unix socket to another process, or a pair of in-memory streams when this
 * process is the host. The session proxy speaks to either the same way.
 */
import type { Readable, Writable } from 'node:stream';
import { FrameReader, type OversizedFrame } from '../frames.js';

export interface Link {
  /** Send one JSON-RPC message (a line without its newline). */
  send(line: string): void;
  /** Stop sending; the host ends this connection. */
  end(): void;
  /** Drop the connection at once (a host that does not answer). */
  destroy(): void;
}

export interface LinkEvents {
  readonly onLine: (line: string) => void;
  /** The connection is gone (the host closed it or died). Called once. */
  readonly onClose: () => void;
  /** A line that certainly never left (its write failed: the peer was already gone). */
  readonly onUndelivered?: (line: string) => void;
}

/** Lines in longer than `maxLineBytes` are not passed on but reported to `onOversized` (none by default). */
export interface LineLimit {
  readonly maxLineBytes: number;
  readonly onOversized: (frame: OversizedFrame) => void;
}

/** A link over a pair of streams: lines in from `input`, lines out to `output`. */
export function streamLink(input: Readable, output: Writable, events: LinkEvents, limit?: LineLimit): Link {
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    events.onClose();
  };
  const reader = new FrameReader(limit?.maxLineBytes ?? Number.POSITIVE_INFINITY, {
    onFrame: events.onLine,
    onOversized: (frame) => limit?.onOversized(frame),
  });
  input.on('data', (chunk: Buffer | string) => reader.push(chunk));
  input.once('end', close);
  input.once('close', close);
  input.on('error', close);
  output.on('error', close);
  return {
    send: (line) => {
      if (closed) events.onUndelivered?.(line);
      else
        output.write(`${line}\n`, (error) => {
          if (error) events.onUndelivered?.(line);
        });
    },
    end: () => {
      if (!closed) output.end();
    },
    destroy: () => {
      output.destroy();
      input.destroy();
      close();
    },
  };
}
