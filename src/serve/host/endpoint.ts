/**
 * Where the process hosting the runtime of a data directory listens, and the election
 * that decides who hosts it: whoever binds the endpoint hosts; everyone else attaches.
 *
 * On Linux the endpoint is an abstract Unix socket named after the data directory's real
 * path: binding it is atomic and the kernel releases it when its process dies, even by
 * `kill -9`, so a dead host never blocks the next one. On Windows it is a named pipe (also
 * released by the OS). Elsewhere it is a socket file in the data directory; a file whose
 * listener is gone (connection refused) is removed before binding again — there, two
 * processes that find the same stale file at the same instant can race (the one weakness
 * of the file variant; Linux and Windows have none).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

/**
 * The endpoint won: its listener, and the connections that arrived before the runtime was
 * ready to serve them (the host takes them over with `serve`; none is ever left unanswered).
 */
export class Claimed {
  private early: Socket[] | null = [];
  private onConnection: ((socket: Socket) => void) | null = null;

  constructor(readonly listener: Server) {
    listener.on('connection', (socket: Socket) => {
      // A peer that vanishes must not crash this process, whether or not it is served yet.
      socket.on('error', () => {});
      if (this.onConnection) this.onConnection(socket);
      else this.early?.push(socket);
    });
  }

  /** From now on `accept` every connection, beginning with those that waited. */
  serve(accept: (socket: Socket) => void): void {
    this.onConnection = accept;
    for (const socket of this.early ?? []) accept(socket);
    this.early = null;
  }
}

export type Role =
  | { readonly role: 'host'; readonly endpoint: Claimed }
  | { readonly role: 'attach'; readonly socket: Socket };

export function endpointFor(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const real = realpathSync(dataDir);
  const name = `troupe-${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
  if (process.platform === 'linux') return `\0${name}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  return join(real, 'troupe.sock');
}

const isFile = (endpoint: string) => !endpoint.startsWith('\0') && !endpoint.startsWith('\\\\.\\pipe\\');

/** Bind the endpoint (→ host) or connect to whoever holds it (→ attach); retried until one works. */
export async function elect(endpoint: string): Promise<Role> {
  for (let attempt = 0; ; attempt++) {
    const listener = await listen(endpoint);
    if (listener) return { role: 'host', endpoint: new Claimed(listener) };
    const socket = await dial(endpoint);
    if (socket) return { role: 'attach', socket };
    // Held but not answering: a file socket left by a dead host, or a host shutting down.
    if (isFile(endpoint)) removeStale(endpoint);
    await new Promise((resolve) => setTimeout(resolve, Math.min(20 * (attempt + 1), 200)));
  }
}

/** Remove a socket file nobody answers on (another process may have removed it first). */
function removeStale(endpoint: string): void {
  try {
    unlinkSync(endpoint);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function listen(endpoint: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(error);
    });
    server.listen(endpoint, () => resolve(server));
  });
}

function dial(endpoint: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect(endpoint);
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => resolve(null));
  });
}
