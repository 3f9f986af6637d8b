/**
 * `FramedTransport`: the MCP server side of one newline-delimited JSON-RPC stream — a
 * process's stdio, an attached process's socket, or an in-memory link — in place of the
 * SDK's `StdioServerTransport`, which closes the session on a frame over its buffer and
 * answers no malformed frame. Here every frame is answered or passed on:
 *
 * - a frame over `maxMessageBytes` → `-32600` (with the request's id when its edges show it),
 *   and the session goes on (`frames.ts`);
 * - not JSON → `-32700`; a batch or no JSON-RPC message → `-32600`; params that do not fit
 *   their method → `-32602` (`src/mcp/protocol/screen.ts`);
 * - everything else goes to the SDK.
 *
 * Outgoing error messages lose the SDK's `MCP error <code>: ` prefix (the client adds its
 * own). The input is never paused, so its end is always seen, whatever the session's state.
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { withCleanError } from '../mcp/protocol/errors.js';
import { oversizedReply, screenFrame } from '../mcp/protocol/screen.js';
import { FrameReader } from './frames.js';

/** The default `--max-message-bytes`: 4 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface FramedTransportOptions {
  readonly maxMessageBytes?: number;
  /** Told of each frame answered here instead of passed on (for a log line). */
  readonly onRejected?: (why: string) => void;
}

export class FramedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #input: Readable;
  readonly #output: Writable;
  readonly #reader: FrameReader;
  readonly #options: FramedTransportOptions;
  #closed = false;

  /** Settles when the output drains (or closes), while a write waits for it; else `null`. */
  #drained: Promise<void> | null = null;

  constructor(input: Readable, output: Writable, options: FramedTransportOptions = {}) {
    this.#input = input;
    this.#output = output;
    this.#options = options;
    const limit = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#reader = new FrameReader(limit, {
      onFrame: (line) => this.#frame(line),
      onOversized: ({ bytes, head, tail }) => {
        this.#options.onRejected?.(`a message of ${bytes} bytes, over the limit of ${limit}`);
        this.#write(oversizedReply(head, tail, bytes, limit));
      },
    });
  }

  readonly #onData = (chunk: Buffer | string) => this.#reader.push(chunk);
  readonly #onError = (error: Error) => this.onerror?.(error);

  async start(): Promise<void> {
    this.#input.on('data', this.#onData);
    this.#input.on('error', this.#onError);
    this.#output.on('error', this.#onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.#write(JSON.stringify(withCleanError(message)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#input.off('data', this.#onData);
    this.#input.off('error', this.#onError);
    this.#output.off('error', this.#onError);
    // Keep reading (and dropping) what comes, so that the end of the input is still seen.
    if (!this.#input.destroyed) this.#input.resume();
    this.onclose?.();
  }

  #frame(line: string): void {
    const screened = screenFrame(line);
    if (screened.kind === 'message') {
      this.onmessage?.(screened.message);
      return;
    }
    if (screened.lines.length > 0) this.#options.onRejected?.('a malformed message');
    for (const reply of screened.lines) void this.#write(reply);
  }

  #write(line: string): Promise<void> {
    const output = this.#output;
    if (this.#closed || !output.writable) return Promise.resolve();
    if (output.write(`${line}\n`)) return Promise.resolve();
    // Over the stream's high-water mark: every write until it drains waits on one pair of
    // listeners (one pair per write would pile up under a flood of answers).
    this.#drained ??= new Promise((resolve) => {
      const done = () => {
        output.off('drain', done);
        output.off('close', done);
        this.#drained = null;
        resolve();
      };
      output.once('drain', done);
      output.once('close', done);
    });
    return this.#drained;
  }
}
