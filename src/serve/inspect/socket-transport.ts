/**
 * `SocketClientTransport`: the MCP client side of one newline-delimited JSON-RPC stream — the
 * socket `troupe inspect` opens to the data directory's endpoint. The SDK's client transports
 * spawn a process or speak HTTP; this one speaks over a connected socket. It owns framing
 * only (lines in, lines out), not the connection (`attach.ts`).
 */
import type { Socket } from 'node:net';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { FrameReader } from '../frames.js';

export class SocketClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #socket: Socket;
  #closed = false;

  constructor(socket: Socket) {
    this.#socket = socket;
  }

  async start(): Promise<void> {
    const reader = new FrameReader(Number.POSITIVE_INFINITY, {
      onFrame: (line) => {
        const parsed = JSONRPCMessageSchema.safeParse(safeJson(line));
        if (parsed.success) this.onmessage?.(parsed.data);
        else this.onerror?.(new Error(`the runtime sent a line that is not JSON-RPC: ${line.slice(0, 200)}`));
      },
      onOversized: () => {},
    });
    this.#socket.on('data', (chunk: Buffer) => reader.push(chunk));
    this.#socket.on('error', (error) => this.onerror?.(error));
    this.#socket.once('close', () => this.#close());
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#closed) return reject(new Error('the connection to the runtime is closed'));
      this.#socket.write(`${JSON.stringify(message)}\n`, (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.#socket.end();
    this.#socket.destroy();
    this.#close();
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
