/**
 * A troupe runtime hosted in the test's own process — the `RuntimeHost` `troupe serve` runs
 * (coordination, flags, workflows, the deadlock detector, metrics), in memory — and SDK
 * clients on its MCP sessions, each over a pair of in-memory streams through the same
 * newline-delimited framing (`FramedTransport`) a stdio session goes through. No child
 * process, so a call costs what the server does, not two pipes: fast enough for thousands of
 * fuzzed calls. (`serve-client.ts` is the real process.)
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { RuntimeHost } from '../../../src/serve/host/runtime-host.js';
import { createLogger } from '../../../src/serve/logger.js';

/** The client side of a newline-delimited JSON-RPC stream pair. */
class StreamClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #buffer = new ReadBuffer();
  #closed = false;

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async start(): Promise<void> {
    this.input.on('data', (chunk: Buffer) => {
      this.#buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.#buffer.readMessage();
        } catch (error) {
          this.onerror?.(error as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    });
    this.input.once('end', () => this.close());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.output.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.output.end();
    this.onclose?.();
  }
}

export interface InProcessTroupe {
  /** A new MCP session on the runtime, with an SDK client connected to it. */
  connect(): Promise<Client>;
  /** Close every session and stop the runtime. */
  stop(): Promise<void>;
}

export async function startInProcessTroupe(): Promise<InProcessTroupe> {
  const host = await RuntimeHost.start(
    {
      dataDir: '',
      durability: 'memory',
      threads: 1,
      log: createLogger(process.env.TROUPE_TEST_STDERR ? 'info' : 'silent'),
    },
    null,
  );
  const clients: Client[] = [];
  return {
    async connect() {
      const toHost = new PassThrough();
      const toClient = new PassThrough();
      void host.serveOwn(toHost, toClient);
      const client = new Client({ name: 'troupe-fuzz', version: '0.0.0' });
      await client.connect(new StreamClientTransport(toClient, toHost));
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await host.shutdown();
    },
  };
}
