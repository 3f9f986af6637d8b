/**
 * Several `troupe serve` processes on one data directory share one runtime: the first
 * hosts it, the second attaches; both see the same agents, messages and locks. When the
 * hosting process is killed (`kill -9`), a call it left unanswered gets an error saying
 * so (never a hang), the attached process takes over on the same store with everything
 * acknowledged still there, and a third process attaches to the new host. A host stopped
 * by a signal shuts its runtime down cleanly and the attached process takes over. A change
 * made through one process is announced to the resource subscribers of the others.
 */
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from '../mcp/serve-client.js';

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close().catch(() => {})));
  removeDataDirs();
});

async function start(dataDir: string): Promise<Client> {
  const client = await connect(dataDir);
  clients.push(client);
  return client;
}

const pidOf = (client: Client) => (client.transport as StdioClientTransport).pid as number;

it('shares one runtime between two serve processes, and the survivor takes over when the host is killed', async () => {
  const dataDir = freshDataDir('hosts');
  const first = await start(dataDir);
  const second = await start(dataDir);
  const [one, two] = [caller(first), caller(second)];

  const ada = await registerAgent(first, 'ada');
  const bob = await registerAgent(second, 'bob');
  const seen = await two('find_agents', {});
  expect((seen.agents as { id: string }[]).map((a) => a.id).sort()).toEqual(['ada', 'bob']);

  await two('send_message', {
    sender_id: 'bob',
    recipient_id: 'ada',
    content: 'over here',
    agent_token: bob,
  });
  const inbox = await one('fetch_inbox', { agent_id: 'ada', agent_token: ada });
  expect((inbox.messages as { content: unknown }[]).map((m) => m.content)).toEqual(['over here']);

  await one('acquire_file_lock', { path: 'shared.ts', agent_id: 'ada', agent_token: ada });
  expect((await two('check_file_lock', { path: 'shared.ts' })).lease).toMatchObject({ holder_id: 'ada' });

  // The second process's call waits on the host's lock table when the host dies.
  const parked = second.callTool({
    name: 'acquire_file_lock',
    arguments: { path: 'shared.ts', wait_s: 30, agent_id: 'bob', agent_token: bob },
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(pidOf(first), 'SIGKILL');
  await expect(parked).rejects.toThrow(/exited before answering/);

  // The survivor now hosts the runtime on the same store: nothing acknowledged is lost.
  const after = await two('find_agents', {});
  expect((after.agents as { id: string }[]).map((a) => a.id).sort()).toEqual(['ada', 'bob']);
  expect((await two('check_file_lock', { path: 'shared.ts' })).lease).toMatchObject({ holder_id: 'ada' });
  const waiting = async () =>
    ((await two('fetch_inbox', { agent_id: 'ada', agent_token: ada })).messages as unknown[]).length;
  expect(await waiting()).toBe(1);

  const third = await start(dataDir);
  const three = caller(third);
  expect((await three('check_file_lock', { path: 'shared.ts' })).lease).toMatchObject({ holder_id: 'ada' });
  await three('send_message', {
    sender_id: 'bob',
    recipient_id: 'ada',
    content: 'still here',
    agent_token: bob,
  });
  expect(await waiting()).toBe(2);
});

it('hands the runtime over when the hosting process is stopped with SIGTERM', async () => {
  const dataDir = freshDataDir('hosts-stop');
  const first = await start(dataDir);
  const second = await start(dataDir);
  const hostPid = pidOf(first);
  await registerAgent(first, 'ada');

  process.kill(hostPid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(hostPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(alive(hostPid)).toBe(false);

  const seen = await caller(second)('find_agents', {});
  expect((seen.agents as { id: string }[]).map((a) => a.id)).toEqual(['ada']);
});

/** The process that hosts the runtime: the one with the store open (Linux: its open files). */
async function hostOf(dataDir: string, pids: readonly number[]): Promise<number> {
  const real = realpathSync(dataDir);
  const holds = (pid: number) =>
    readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(real);
      } catch {
        return false;
      }
    });
  const hosts = pids.filter(holds);
  expect(hosts).toHaveLength(1);
  return hosts[0] as number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('serves processes started at the same instant, and both attached ones go on when the host is killed', async () => {
  const dataDir = freshDataDir('hosts-race');
  const [first, second, third] = await Promise.all([start(dataDir), start(dataDir), start(dataDir)]);
  const token = await registerAgent(first as Client, 'ada');
  for (const client of [second, third] as Client[]) {
    expect(((await caller(client)('find_agents', {})).agents as { id: string }[]).map((a) => a.id)).toEqual([
      'ada',
    ]);
  }
  const pids = [first, second, third].map((client) => pidOf(client as Client));
  const host = await hostOf(dataDir, pids);
  process.kill(host, 'SIGKILL');
  // Once it is dead, calls are never lost to it: a call whose write failed is sent to the next host.
  while (alive(host)) await new Promise((resolve) => setTimeout(resolve, 5));
  const survivors = ([first, second, third] as Client[]).filter((_, index) => pids[index] !== host);
  for (const client of survivors) {
    const beat = await caller(client)('heartbeat', { agent_id: 'ada', agent_token: token });
    expect(beat.agent).toMatchObject({ id: 'ada' });
  }
});

it('announces a change made through one process to the sessions of the others', async () => {
  const dataDir = freshDataDir('hosts-notify');
  const first = await start(dataDir);
  const second = await start(dataDir);
  const heard: string[] = [];
  second.setNotificationHandler(ResourceListChangedNotificationSchema, () => void heard.push('list_changed'));
  second.setNotificationHandler(
    ResourceUpdatedNotificationSchema,
    (note) => void heard.push(note.params.uri),
  );
  await second.subscribeResource({ uri: 'troupe://locks' });

  const ada = await registerAgent(first, 'ada');
  await caller(first)('acquire_file_lock', { path: 'shared.ts', agent_id: 'ada', agent_token: ada });
  const deadline = Date.now() + 5_000;
  while (heard.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(heard).toEqual(['list_changed', 'troupe://locks']);
});
