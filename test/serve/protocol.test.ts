/**
 * The protocol layer of `troupe serve`, frame by frame, on a real child process with raw
 * stdin lines: not JSON → -32700; a batch, or JSON that is no JSON-RPC message → -32600;
 * params that do not fit their method → -32602; an unknown tool → -32602 "Unknown tool"
 * (as the 2025-11-25 specification's tools page prescribes); an unknown method → -32601; a
 * frame over `--max-message-bytes` → -32600 with its request's id, and the session goes on.
 * No message carries the SDK's "MCP error <code>:" prefix (the client adds it). Every stdout
 * line is JSON-RPC, and the process exits once stdin closes, whatever came before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connect, freshDataDir, removeDataDirs } from '../mcp/serve-client.js';
import { RawSession } from './raw-session.js';

afterEach(removeDataDirs);

const PREFIX = /^MCP error/;

describe('troupe serve answers every frame', () => {
  it('with the JSON-RPC error each malformed frame calls for, and goes on answering', async () => {
    const session = new RawSession([
      '--data-dir',
      freshDataDir('frames'),
      '--threads',
      '1',
      '--durability',
      'memory',
    ]);
    await session.initialize();
    const call = (id: number, params: unknown) => ({ jsonrpc: '2.0', id, method: 'tools/call', params });

    session.send('this is not json');
    expect((await session.answerTo(null)).error).toMatchObject({ code: -32700 });

    session.send([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    expect((await session.answerTo(1)).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/batch/),
    });
    expect((await session.answerTo(2)).error).toMatchObject({ code: -32600 });
    session.send([]);
    expect((await session.answerTo(null, 2)).error).toMatchObject({ code: -32600 });

    session.send({ id: 3, method: 'ping' });
    expect((await session.answerTo(3)).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/jsonrpc/),
    });
    session.send({ jsonrpc: '2.0', id: 4 });
    expect((await session.answerTo(4)).error).toMatchObject({ code: -32600 });
    session.send('42');
    expect((await session.answerTo(null, 3)).error).toMatchObject({ code: -32600 });

    session.send(call(5, { name: 'health', arguments: 5 }));
    expect((await session.answerTo(5)).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/params\.arguments/),
    });
    session.send({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: 'health' });
    expect((await session.answerTo(6)).error).toMatchObject({ code: -32602 });
    session.send(call(7, { arguments: {} }));
    expect((await session.answerTo(7)).error).toMatchObject({
      code: -32602,
      message: expect.stringMatching(/params\.name/),
    });

    session.send(call(8, { name: 'no_such_tool', arguments: {} }));
    expect((await session.answerTo(8)).error).toEqual({
      code: -32602,
      message: 'Unknown tool: no_such_tool',
    });
    session.send({ jsonrpc: '2.0', id: 9, method: 'no/such/method' });
    expect((await session.answerTo(9)).error).toMatchObject({ code: -32601 });
    session.send({ jsonrpc: '2.0', id: 10, method: 'resources/read', params: { uri: 'troupe://nothing' } });
    expect((await session.answerTo(10)).error?.code).toBeLessThan(0);

    // A tool's own failure is a result, never a protocol error.
    session.send(call(11, { name: 'heartbeat', arguments: { agent_id: 'ghost' } }));
    const refused = (await session.answerTo(11)).result as { isError: boolean; content: { text: string }[] };
    expect(refused.isError).toBe(true);
    expect(JSON.parse(refused.content[0]?.text ?? '{}').error).toMatchObject({
      code: 'unauthorized',
      field: 'agent_token',
    });

    session.send({ jsonrpc: '2.0', id: 12, method: 'ping' });
    expect((await session.answerTo(12)).result).toEqual({});
    for (const answer of session.answers) if (answer.error) expect(answer.error.message).not.toMatch(PREFIX);
    expect(session.stray).toEqual([]);
    expect(await session.end()).toBe(0);
  });

  it('answers a frame over the size limit with -32600 and its id, skips it, and goes on', async () => {
    const limit = 64 * 1024;
    const session = new RawSession([
      '--data-dir',
      freshDataDir('frames'),
      '--threads',
      '1',
      '--durability',
      'memory',
      '--max-message-bytes',
      String(limit),
    ]);
    await session.initialize();
    const huge = 'x'.repeat(limit * 3);
    // The SDK writes the id last; another client may write it first: both are read back.
    session.send({
      jsonrpc: '2.0',
      method: 'tools/call',
      params: { name: 'health', arguments: { pad: huge } },
      id: 21,
    });
    session.send(
      `{"jsonrpc":"2.0","id":"first","method":"tools/call","params":{"name":"health","arguments":{"pad":"${huge}"}}}`,
    );
    // A notification over the limit has no id to answer: the error has id null.
    session.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { pad: huge } });
    expect((await session.answerTo(21)).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(new RegExp(`over the limit of ${limit} bytes`)),
    });
    expect((await session.answerTo('first')).error).toMatchObject({ code: -32600 });
    expect((await session.answerTo(null)).error).toMatchObject({ code: -32600 });
    session.send({ jsonrpc: '2.0', id: 22, method: 'tools/call', params: { name: 'health', arguments: {} } });
    expect((await session.answerTo(22)).result).toMatchObject({
      structuredContent: { status: expect.any(String) },
    });
    expect(session.stray).toEqual([]);
    expect(await session.end()).toBe(0);
  });

  it('holds to the default limit of 4 MiB, and exits when stdin closes in the middle of a frame', async () => {
    const session = new RawSession([
      '--data-dir',
      freshDataDir('frames'),
      '--threads',
      '1',
      '--durability',
      'memory',
    ]);
    await session.initialize();
    session.send({ jsonrpc: '2.0', id: 31, method: 'ping', params: { pad: 'y'.repeat(5 * 1024 * 1024) } });
    expect((await session.answerTo(31)).error).toMatchObject({
      code: -32600,
      message: expect.stringMatching(/4194304/),
    });
    session.send({ jsonrpc: '2.0', id: 32, method: 'ping', params: { pad: 'y'.repeat(3 * 1024 * 1024) } });
    expect((await session.answerTo(32)).result).toEqual({});
    // Half a frame, then the end of stdin: the process still ends.
    session.child.stdin.write('{"jsonrpc":"2.0","id":33,"method":"pi');
    expect(await session.end()).toBe(0);
  });

  it('answers the same in a process attached to another’s runtime, whose proxy holds the limit', async () => {
    const dataDir = freshDataDir('frames');
    const host = await connect(dataDir, ['--threads', '1']);
    const limit = 64 * 1024;
    const session = new RawSession([
      '--data-dir',
      dataDir,
      '--threads',
      '1',
      '--max-message-bytes',
      String(limit),
    ]);
    await session.initialize();
    session.send({ jsonrpc: '2.0', method: 'ping', params: { pad: 'z'.repeat(limit * 2) }, id: 41 });
    expect((await session.answerTo(41)).error).toMatchObject({ code: -32600 });
    session.send('{"jsonrpc": 2.0');
    expect((await session.answerTo(null)).error).toMatchObject({ code: -32700 });
    session.send({
      jsonrpc: '2.0',
      id: 42,
      method: 'tools/call',
      params: { name: 'nothing', arguments: {} },
    });
    expect((await session.answerTo(42)).error).toEqual({ code: -32602, message: 'Unknown tool: nothing' });
    session.send({ jsonrpc: '2.0', id: 43, method: 'ping' });
    expect((await session.answerTo(43)).result).toEqual({});
    expect(session.stray).toEqual([]);
    expect(await session.end()).toBe(0);
    await host.close();
  });
});
