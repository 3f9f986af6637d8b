/**
 * Resumability across a restart: a session subscribed to `troupe://locks` misses a
 * `resources/updated` notification while its client is away; troupe is then killed (-9, no
 * shutdown) and started again on the same data directory and port. The SDK transport,
 * given the session id and the id of the last event it saw, resumes the stream with
 * `Last-Event-ID`: the missed notification is replayed from the store, and the session —
 * brought back from its stored `initialize` — answers requests again.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type JSONRPCMessage, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import { caller, freshDataDir, removeDataDirs } from '../../mcp/serve-client.js';
import { connectHttp, freePort, startTroupe, stopTroupes } from './http-troupe.js';

afterEach(async () => {
  await stopTroupes();
  removeDataDirs();
});

/** A `fetch` that notes the `id:` of every SSE event it passes on. */
function idRecordingFetch(ids: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.headers.get('content-type')?.includes('text/event-stream') || response.body === null)
      return response;
    const [mine, theirs] = response.body.tee();
    void (async () => {
      const reader = mine.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffered += value;
          const events = buffered.split('\n\n');
          buffered = events.pop() ?? '';
          for (const event of events) {
            const id = /^id: (.+)$/m.exec(event)?.[1];
            if (id && /^data: \{/m.test(event)) ids.push(id);
          }
        }
      } catch {
        // The stream was aborted: nothing more to note.
      }
    })();
    return new Response(theirs, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

const until = async (condition: () => boolean, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

it('replays a missed notification after troupe is killed and restarted, and the session answers again', async () => {
  const dataDir = freshDataDir('http-resume');
  const port = await freePort();
  let troupe = await startTroupe({ dataDir, http: `127.0.0.1:${port}` });

  // The watcher: subscribed to the locks, its event ids noted.
  const ids: string[] = [];
  const updates: string[] = [];
  const { client: watcher, transport } = await connectHttp(troupe, { fetch: idRecordingFetch(ids) });
  watcher.setNotificationHandler(ResourceUpdatedNotificationSchema, (note) => {
    updates.push(note.params.uri);
  });
  await watcher.subscribeResource({ uri: 'troupe://locks' });
  const sessionId = transport.sessionId as string;

  // A worker in a session of its own takes a lock: the watcher hears of it.
  const { client: worker } = await connectHttp(troupe);
  const call = caller(worker);
  const token = (
    await call('register_agent', {
      id: 'ada',
      name: 'ada',
      role: 'worker',
      model_type: 'llm',
      model_version: '1',
      capabilities: [],
    })
  ).agent_token as string;
  await call('acquire_file_lock', { path: 'a.ts', agent_id: 'ada', agent_token: token });
  await until(() => updates.includes('troupe://locks'), 'the first update');
  await until(() => ids.length > 0, 'an event id');
  const seen = ids.at(-1) as string;

  // The watcher goes away (its streams drop; the session stays); the worker takes another lock.
  await watcher.close();
  await call('acquire_file_lock', { path: 'b.ts', agent_id: 'ada', agent_token: token });
  // Give the notification time to be stored, then kill troupe outright.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await worker.close();
  await troupe.kill();

  troupe = await startTroupe({ dataDir, http: `127.0.0.1:${port}` });
  const resumed = new StreamableHTTPClientTransport(new URL('/mcp', troupe.base), { sessionId });
  const received: JSONRPCMessage[] = [];
  resumed.onmessage = (message) => received.push(message);
  await resumed.start();
  resumed.setProtocolVersion('2025-11-25');
  await resumed.resumeStream(seen);
  await until(
    () => received.some((m) => 'method' in m && m.method === 'notifications/resources/updated'),
    'the replayed update',
  );
  expect(received.find((m) => 'method' in m && m.method === 'notifications/resources/updated')).toMatchObject(
    {
      params: { uri: 'troupe://locks' },
    },
  );
  expect(troupe.stderr()).toMatch(/HTTP session resumed from the store/);

  // The session itself is back: it answers a request under its old id.
  await resumed.send({ jsonrpc: '2.0', id: 99, method: 'resources/read', params: { uri: 'troupe://locks' } });
  await until(() => received.some((m) => 'id' in m && m.id === 99), 'the answer');
  const answer = received.find((m) => 'id' in m && m.id === 99) as {
    result?: { contents: { text: string }[] };
  };
  expect(answer.result?.contents[0]?.text).toMatch(/b\.ts/);
  await resumed.close();
});
