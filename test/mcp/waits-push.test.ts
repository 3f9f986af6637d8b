/**
 * `troupe://waits` is pushed: a session subscribed to it hears `notifications/resources/updated`
 * when a lock wait enters the wait-for graph and when the detector breaks the cycle it closes
 * (read right after the notice, the resource shows the change), and hears nothing once it
 * unsubscribed. Then the coalescing of the notice on its own: the first ask is sent at once,
 * the asks within the window after it as one more send at its end.
 */
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it, vi } from 'vitest';
import { createCoalescedNotice } from '../../src/mcp/resources/coalesced-notice.js';
import { until } from '../helpers/until.js';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(() => {
  vi.useRealTimers();
  removeDataDirs();
});

const WAITS = 'troupe://waits';

it('pushes troupe://waits when a wait starts and when the detector breaks a cycle', async () => {
  const client = await connect(freshDataDir('waits-push'));
  try {
    const call = caller(client);
    const ada = await registerAgent(client, 'ada');
    const bob = await registerAgent(client, 'bob');
    let notices = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notice) => {
      if (notice.params.uri === WAITS) notices++;
    });
    const read = async () => {
      const first = (await client.readResource({ uri: WAITS })).contents[0];
      return JSON.parse(first && 'text' in first ? first.text : '{}') as {
        waits: { from: string; to: string }[];
        deadlocks: { cycle: string[] }[];
      };
    };
    await call('acquire_file_lock', { path: 'left.ts', agent_id: 'ada', agent_token: ada });
    await call('acquire_file_lock', { path: 'right.ts', agent_id: 'bob', agent_token: bob });
    await client.subscribeResource({ uri: WAITS });

    const adaWaits = call('acquire_file_lock', {
      path: 'right.ts',
      wait_s: 30,
      agent_id: 'ada',
      agent_token: ada,
    });
    await until(() => notices >= 1);
    expect((await read()).waits).toEqual([expect.objectContaining({ from: 'agent:ada', to: 'agent:bob' })]);

    const before = notices;
    const closing = await call('acquire_file_lock', {
      path: 'left.ts',
      wait_s: 30,
      agent_id: 'bob',
      agent_token: bob,
    });
    expect(closing.error).toMatchObject({ code: 'deadlock' });
    await until(() => notices > before);
    expect((await read()).deadlocks.map((deadlock) => deadlock.cycle)).toEqual([
      ['agent:bob', 'agent:ada', 'agent:bob'],
    ]);

    await client.unsubscribeResource({ uri: WAITS });
    const unsubscribed = notices;
    await call('release_file_lock', { path: 'right.ts', agent_id: 'bob', agent_token: bob });
    expect((await adaWaits).lease).toMatchObject({ holder_id: 'ada' });
    // The release ended ada's wait (a change of the graph), but nobody listens any more.
    expect((await read()).waits).toEqual([]);
    expect(notices).toBe(unsubscribed);
  } finally {
    await client.close();
  }
}, 60_000);

it('sends the first ask at once and folds the asks of the window after it into one send', () => {
  vi.useFakeTimers();
  let sent = 0;
  const notice = createCoalescedNotice(() => sent++, 50);
  notice.ask();
  expect(sent).toBe(1);
  notice.ask();
  notice.ask();
  expect(sent).toBe(1);
  vi.advanceTimersByTime(50);
  expect(sent).toBe(2);
  // A quiet window sends nothing at its end; the next ask is sent at once again.
  vi.advanceTimersByTime(50);
  expect(sent).toBe(2);
  notice.ask();
  expect(sent).toBe(3);
  notice.ask();
  notice.close();
  vi.advanceTimersByTime(100);
  expect(sent).toBe(3);
});
