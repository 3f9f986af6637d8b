/**
 * File-lock tools over stdio: exclusive leases, contention (`locked`), renewal by the
 * holder only, expiry, forced release (recorded, the holder notified in its inbox),
 * listing, path normalisation, and leases still held after a server restart.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

interface LeaseView {
  file_path: string;
  holder_id: string;
  acquired_at: string;
  expires_at: string;
}

it('leases a path exclusively, renews, expires, force-releases, and keeps leases across a restart', async () => {
  const dataDir = freshDataDir('locks');
  let client = await connect(dataDir);
  let call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['ada', 'bob']) {
    token[id] = await registerAgent(client, id);
  }
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });

  const first = (await call('acquire_file_lock', { path: 'src/x.ts', ttl_s: 60, ...as('ada') }))
    .lease as LeaseView;
  expect(first).toMatchObject({ file_path: 'src/x.ts', holder_id: 'ada' });
  expect((await call('acquire_file_lock', { path: 'src/./x.ts', ...as('bob') })).error).toMatchObject({
    code: 'locked',
    field: 'path',
  });
  expect((await call('renew_file_lock', { path: 'src/x.ts', ...as('bob') })).error).toMatchObject({
    code: 'not_holder',
  });
  expect(
    (await call('acquire_file_lock', { path: 'src/x.ts', ttl_s: 60, agent_id: 'ada', agent_token: 'forged' }))
      .error,
  ).toMatchObject({ code: 'unauthorized' });
  const renewed = (await call('renew_file_lock', { path: 'src/x.ts', ttl_s: 120, ...as('ada') }))
    .lease as LeaseView;
  expect(renewed.acquired_at).toBe(first.acquired_at);
  expect(Date.parse(renewed.expires_at)).toBeGreaterThan(Date.parse(first.expires_at));

  await call('acquire_file_lock', { path: 'src/y.ts', ttl_s: 0.2, ...as('ada') });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(((await call('check_file_lock', { path: 'src/y.ts' })) as { lease: unknown }).lease).toBeNull();
  expect(
    ((await call('acquire_file_lock', { path: 'src/y.ts', ttl_s: 60, ...as('bob') })).lease as LeaseView)
      .holder_id,
  ).toBe('bob');

  const forced = await call('force_release_file_lock', {
    path: 'src/x.ts',
    reason: 'ada is stuck',
    ...as('bob'),
  });
  expect(forced.released).toMatchObject({
    forced_by: 'bob',
    reason: 'ada is stuck',
    lease: { holder_id: 'ada' },
  });
  expect((await call('release_file_lock', { path: 'src/x.ts', ...as('ada') })).error).toMatchObject({
    code: 'not_holder',
  });
  const inbox = await call('fetch_inbox', { ...as('ada') });
  expect(inbox.messages).toMatchObject([
    { sender_id: 'bob', urgent: true, content: { event: 'file_lock_force_released', path: 'src/x.ts' } },
  ]);
  expect(await call('check_file_lock', { path: 'src/x.ts' })).toMatchObject({
    lease: null,
    last_forced: { forced_by: 'bob', reason: 'ada is stuck' },
  });
  expect(
    (await call('force_release_file_lock', { path: 'src/x.ts', reason: 'again', ...as('bob') })).error,
  ).toMatchObject({
    code: 'not_found',
    field: 'path',
  });
  const empty = await client.callTool({ name: 'acquire_file_lock', arguments: { path: '', ...as('bob') } });
  expect(empty.isError).toBe(true);
  expect(JSON.stringify(empty.content)).toMatch(/path/);

  await client.close();
  client = await connect(dataDir);
  call = caller(client);
  const leases = (await call('list_file_locks', {})).leases as LeaseView[];
  expect(leases.map((l) => [l.file_path, l.holder_id])).toEqual([['src/y.ts', 'bob']]);
  await call('release_file_lock', { path: 'src/y.ts', ...as('bob') });
  expect((await call('list_file_locks', { holder: 'bob' })).leases).toEqual([]);
  await client.close();
});

it('frees the leases of an agent that goes offline or is deregistered', async () => {
  const dataDir = freshDataDir('locks');
  const client = await connect(dataDir);
  const call = caller(client);
  const token: Record<string, string> = {};
  for (const id of ['ada', 'bob', 'cy']) {
    token[id] = await registerAgent(client, id);
  }
  const as = (agent: string) => ({ agent_id: agent, agent_token: token[agent] });
  await call('acquire_file_lock', { path: 'a.ts', ttl_s: 600, ...as('ada') });
  await call('acquire_file_lock', { path: 'c.ts', ttl_s: 600, ...as('cy') });
  expect((await call('acquire_file_lock', { path: 'a.ts', ...as('bob') })).error).toMatchObject({
    code: 'locked',
  });

  await call('update_agent_status', { status: 'offline', ...as('ada') });
  await call('deregister_agent', { ...as('cy') });
  expect((await call('list_file_locks', {})).leases).toEqual([]);
  expect(
    ((await call('acquire_file_lock', { path: 'a.ts', ...as('bob') })).lease as LeaseView).holder_id,
  ).toBe('bob');
  expect(
    ((await call('acquire_file_lock', { path: 'c.ts', ...as('bob') })).lease as LeaseView).holder_id,
  ).toBe('bob');
  await client.close();
});
