/**
 * A throwaway local PostgreSQL for a peer that needs one (the DBOS Transact peer): find
 * Debian's server binaries (installing the `postgresql` package with apt-get when they are
 * missing and we are root), `initdb` a cluster in a temporary directory, start it on
 * 127.0.0.1 on a free port, and stop and delete it afterwards. The server keeps PostgreSQL's
 * own defaults (fsync on, synchronous_commit on): the peer is measured at its own durability.
 *
 * Postgres refuses to run as root: as root the cluster belongs to the `postgres` user (the
 * Debian package creates it) and the binaries run through `runuser`. Where nothing works,
 * `startLocalPostgres` throws `PostgresUnavailableError` with the reason, for the scenario
 * to print as "skipped: …". Not here: anything a peer does with the database.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class PostgresUnavailableError extends Error {}

export interface LocalPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string;
  readonly version: string;
  stop(): Promise<void>;
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const SERVER_USER = 'postgres';

function run(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** The newest `/usr/lib/postgresql/<major>/bin` holding initdb, pg_ctl and postgres. */
function findDebianBin(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const majors = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(DEBIAN_ROOT, major, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(bin, tool)))) return bin;
  }
  return null;
}

const isRoot = () => process.getuid?.() === 0;

async function ensureBin(): Promise<string> {
  const found = findDebianBin();
  if (found) return found;
  if (!isRoot())
    throw new PostgresUnavailableError(
      'no PostgreSQL server in /usr/lib/postgresql and not root to install it',
    );
  try {
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], 600_000).catch(async () => {
      await run('apt-get', ['update', '-qq'], 600_000);
      await run('apt-get', ['install', '-y', '-qq', 'postgresql'], 600_000);
    });
  } catch (error) {
    throw new PostgresUnavailableError(`apt-get install postgresql failed: ${(error as Error).message}`);
  }
  const installed = findDebianBin();
  if (!installed)
    throw new PostgresUnavailableError('apt-get installed postgresql but no server binaries were found');
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Start a fresh cluster on loopback; throws `PostgresUnavailableError` when it cannot be. */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = await ensureBin();
  const asServerUser = (tool: string, args: readonly string[]) =>
    isRoot()
      ? run('runuser', ['-u', SERVER_USER, '--', join(bin, tool), ...args])
      : run(join(bin, tool), args);
  const dir = await mkdtemp(join(tmpdir(), 'troupe-bench-pg-'));
  const data = join(dir, 'data');
  let started = false;
  const cleanUp = async () => {
    if (started) await asServerUser('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (isRoot()) {
      const ids = await userIds(SERVER_USER).catch(() => {
        throw new PostgresUnavailableError(`no "${SERVER_USER}" user to run the server as`);
      });
      await chown(dir, ids.uid, ids.gid);
    }
    await asServerUser('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    const port = await freePort();
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir}`;
    await asServerUser('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
    started = true;
    const version = (await run(join(bin, 'postgres'), ['--version'])).trim();
    return {
      url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
      version,
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    if (error instanceof PostgresUnavailableError) throw error;
    throw new PostgresUnavailableError(`could not start PostgreSQL: ${(error as Error).message}`);
  }
}
