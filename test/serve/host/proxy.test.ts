/**
 * The session proxy of an attached `troupe serve`, against fake hosts: what a dead host had
 * received gets -32001 and what it never heard is sent again in order; the session is
 * replayed to the next host (initialize first, the rest once it is answered, answers
 * swallowed); a cancelled request is not failed later; a reused request id does not stop
 * the replay; a subscribe the new host refuses is not replayed again.
 */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import type { Link, LinkEvents } from '../../../src/serve/host/link.js';
import { HOST_LOST, SessionProxy } from '../../../src/serve/host/proxy.js';

interface FakeHost {
  readonly got: Record<string, unknown>[];
  answer(id: unknown, result?: unknown, error?: unknown): void;
  die(): void;
}

function harness() {
  const input = new PassThrough();
  const output = new PassThrough();
  const toClient: Record<string, unknown>[] = [];
  let buffered = '';
  output.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) toClient.push(JSON.parse(line));
  });
  const hosts: FakeHost[] = [];
  const relink = async (events: LinkEvents): Promise<Link> => {
    let alive = true;
    const got: Record<string, unknown>[] = [];
    hosts.push({
      got,
      answer: (id, result = {}, error) =>
        events.onLine(JSON.stringify(error ? { jsonrpc: '2.0', id, error } : { jsonrpc: '2.0', id, result })),
      die: () => {
        alive = false;
        events.onClose();
      },
    });
    return {
      send: (line) => {
        if (alive) got.push(JSON.parse(line));
        else events.onUndelivered?.(line);
      },
      end: () => {},
      destroy: () => events.onClose(),
    };
  };
  const proxy = new SessionProxy({ input, output }, relink);
  const send = (msg: Record<string, unknown>) =>
    input.write(`${JSON.stringify({ jsonrpc: '2.0', ...msg })}\n`);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
  return { proxy, hosts, send, toClient, settle, host: (n: number) => hosts[n] as FakeHost };
}

const methods = (host: FakeHost) =>
  host.got.map((m) => `${m.method ?? 'answer'}${m.id === undefined ? '' : `#${m.id}`}`);

it('fails what a dead host had received, replays the session to the next, then lets the client through', async () => {
  const h = harness();
  await h.proxy.start();
  h.send({ id: 1, method: 'initialize', params: {} });
  h.send({ method: 'notifications/initialized' });
  h.send({ id: 2, method: 'resources/subscribe', params: { uri: 'troupe://locks' } });
  await h.settle();
  h.host(0).answer(1);
  h.host(0).answer(2);
  h.send({ id: 3, method: 'tools/call', params: {} });
  await h.settle();
  h.host(0).die();
  h.send({ id: 4, method: 'tools/list' });
  await h.settle();
  expect(h.toClient.find((m) => m.id === 3)).toMatchObject({ error: { code: HOST_LOST } });

  // The next host gets the replayed initialize alone; the rest only once it answers.
  expect(methods(h.host(1))).toEqual(['initialize#troupe-replay-1']);
  h.host(1).answer('troupe-replay-1');
  await h.settle();
  expect(methods(h.host(1))).toEqual([
    'initialize#troupe-replay-1',
    'notifications/initialized',
    'resources/subscribe#troupe-replay-2',
    'tools/list#4',
  ]);
  h.host(1).answer('troupe-replay-2');
  h.host(1).answer(4);
  await h.settle();
  // The client saw its own answers only, each once.
  expect(h.toClient.map((m) => m.id)).toEqual([1, 2, 3, 4]);
});

it('sends everything a silent host never answered to the next one, in order, and fails nothing', async () => {
  const h = harness();
  await h.proxy.start();
  h.send({ id: 1, method: 'initialize', params: {} });
  h.send({ method: 'notifications/roots/list_changed' });
  h.send({ id: 2, method: 'ping' });
  await h.settle();
  h.host(0).die();
  await h.settle();
  expect(methods(h.host(1))).toEqual(['initialize#1', 'notifications/roots/list_changed', 'ping#2']);
  expect(h.toClient).toEqual([]);
});

it('does not fail a request the client cancelled, and replays even when the client reuses an id', async () => {
  const h = harness();
  await h.proxy.start();
  h.send({ id: 1, method: 'initialize', params: {} });
  await h.settle();
  h.host(0).answer(1);
  h.send({ id: 2, method: 'tools/call', params: {} });
  h.send({ method: 'notifications/cancelled', params: { requestId: 2 } });
  await h.settle();
  h.host(0).die();
  h.send({ id: 1, method: 'tools/list' }); // id 1 again: legal once the first was answered
  await h.settle();
  expect(h.toClient.filter((m) => m.error !== undefined)).toEqual([]);
  expect(methods(h.host(1))).toEqual(['initialize#troupe-replay-1']);
  h.host(1).answer('troupe-replay-1');
  await h.settle();
  expect(methods(h.host(1))).toEqual(['initialize#troupe-replay-1', 'tools/list#1']);
});

it('does not replay a subscribe that a new host refused', async () => {
  const h = harness();
  await h.proxy.start();
  h.send({ id: 1, method: 'initialize', params: {} });
  h.send({ id: 2, method: 'resources/subscribe', params: { uri: 'troupe://agents/ada' } });
  await h.settle();
  h.host(0).answer(1);
  h.host(0).answer(2);
  h.host(0).die();
  await h.settle();
  h.host(1).answer('troupe-replay-1');
  await h.settle();
  expect(methods(h.host(1))).toContain('resources/subscribe#troupe-replay-2');
  h.host(1).answer('troupe-replay-2', undefined, { code: -32602, message: 'refused' });
  h.host(1).die();
  await h.settle();
  h.host(2).answer('troupe-replay-3');
  await h.settle();
  expect(methods(h.host(2))).toEqual(['initialize#troupe-replay-3']);
});
