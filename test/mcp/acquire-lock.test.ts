/**
 * Waiting for a file lock over stdio (`wait_s`): a waiter gets the lease when the holder
 * releases it or it expires, gives up with `locked` at its deadline, and a cycle of two
 * agents waiting on each other's locks is answered as a deadlock naming both — after
 * which the surviving wait is granted when the victim lets go.
 */

import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

let client: Client;
let call: ReturnType<typeof caller>;
const token: Record<string, string> = {};
const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });

beforeAll(async () => {
  client = await connect(freshDataDir('lock-waits'));
  call = caller(client);
  for (const id of ['ada', 'bob']) token[id] = await registerAgent(client, id);
});

afterAll(async () => {
  await client.close();
  removeDataDirs();
});

const holderOf = (result: Record<string, unknown>) =>
  (result.lease as { holder_id: string } | undefined)?.holder_id;

it('hands the lease to a waiter when the holder releases it', async () => {
  await call('acquire_file_lock', { path: 'a.ts', ...as('ada') });
  const started = Date.now();
  const waiting = call('acquire_file_lock', { path: 'a.ts', wait_s: 10, ...as('bob') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(holderOf(await call('check_file_lock', { path: 'a.ts' }))).toBe('ada');
  await call('release_file_lock', { path: 'a.ts', ...as('ada') });
  expect(holderOf(await waiting)).toBe('bob');
  expect(Date.now() - started).toBeLessThan(5_000);
  await call('release_file_lock', { path: 'a.ts', ...as('bob') });
});

it('hands the lease to a waiter when it expires, and answers locked at the wait deadline', async () => {
  await call('acquire_file_lock', { path: 'b.ts', ttl_s: 1, ...as('ada') });
  expect(holderOf(await call('acquire_file_lock', { path: 'b.ts', wait_s: 10, ...as('bob') }))).toBe('bob');

  const started = Date.now();
  const refused = await call('acquire_file_lock', { path: 'b.ts', wait_s: 0.5, ...as('ada') });
  expect(refused.error).toMatchObject({ code: 'locked', field: 'path' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(450);
});

it('answers a two-agent lock cycle as a deadlock naming both, and the other wait goes on', async () => {
  await call('acquire_file_lock', { path: 'left.ts', ...as('ada') });
  await call('acquire_file_lock', { path: 'right.ts', ...as('bob') });
  const adaWaits = call('acquire_file_lock', { path: 'right.ts', wait_s: 20, ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const bobWaits = await call('acquire_file_lock', { path: 'left.ts', wait_s: 20, ...as('bob') });
  expect(bobWaits.error).toMatchObject({ code: 'deadlock', field: 'path' });
  expect(bobWaits.error?.message).toContain('bob → ada → bob');

  await call('release_file_lock', { path: 'right.ts', ...as('bob') });
  expect(holderOf(await adaWaits)).toBe('ada');
});

it('stops a wait its caller cancelled: the lease is not taken for nobody', async () => {
  await call('acquire_file_lock', { path: 'c.ts', ...as('ada') });
  const cancel = new AbortController();
  const waiting = client.callTool(
    { name: 'acquire_file_lock', arguments: { path: 'c.ts', wait_s: 20, ...as('bob') } },
    undefined,
    { signal: cancel.signal },
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  cancel.abort();
  await expect(waiting).rejects.toThrow();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await call('release_file_lock', { path: 'c.ts', ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await call('check_file_lock', { path: 'c.ts' })).lease).toBeNull();
});
