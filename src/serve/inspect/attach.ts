/**
 * Attaching to the runtime of a data directory, read-only: `troupe inspect` dials the
 * directory's endpoint (`host/endpoint.ts`) — never binds it, so it can never become the
 * host — and opens an MCP session through it, like an attached `troupe serve` does. Nobody
 * answering there means no runtime runs on that directory: a `NoRuntimeError`, never a new
 * runtime. It owns the connection, not what is read over it (`views.ts`).
 */
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { TroupeError } from '../../kernel/index.js';
import { endpointFor } from '../host/endpoint.js';
import { SocketClientTransport } from './socket-transport.js';

/** No process hosts a runtime on the data directory (code `not_found`, field `--data-dir`). */
export class NoRuntimeError extends TroupeError {
  constructor(dataDir: string, why: string) {
    super(
      'not_found',
      `no troupe runtime is running on ${resolve(dataDir)} (${why}); start one with \`troupe serve --data-dir ${dataDir}\``,
      { field: '--data-dir' },
    );
  }
}

export interface Attached {
  readonly client: Client;
  /** Whether the runtime closed the session (it stopped, or was killed). */
  isLost(): boolean;
  close(): Promise<void>;
}

export async function attachToRuntime(dataDir: string): Promise<Attached> {
  // endpointFor creates a missing directory: a directory that is not there has no runtime.
  if (!existsSync(dataDir)) throw new NoRuntimeError(dataDir, 'the directory does not exist');
  const socket = await dial(endpointFor(dataDir));
  if (socket === null) throw new NoRuntimeError(dataDir, 'nothing answers on its endpoint');
  const transport = new SocketClientTransport(socket);
  let lost = false;
  socket.once('close', () => {
    lost = true;
  });
  const client = new Client({ name: 'troupe-inspect', version: '0.1.0' });
  await client.connect(transport);
  return {
    client,
    isLost: () => lost,
    close: async () => {
      await client.close();
    },
  };
}

function dial(endpoint: string): Promise<Socket | null> {
  return new Promise((done) => {
    const socket = connect(endpoint);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      done(socket);
    });
    socket.once('error', () => done(null));
  });
}
