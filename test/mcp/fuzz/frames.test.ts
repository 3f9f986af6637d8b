/**
 * Property (fast-check): raw frames written straight to a real `troupe serve` child's stdin —
 * arbitrary bytes, text that is no JSON, JSON of any shape, batches, JSON-RPC messages with
 * huge or malformed ids, unknown methods, params of any shape, deep nesting, frames over
 * `--max-message-bytes` (`frame-arbitrary.ts`) — never take it down: after each case a `ping`
 * is answered in time, every stdout line is a JSON-RPC message, and every response is a result
 * or an error with an integer code and a message. Afterwards the process answers a proper
 * `initialize`, `tools/list` and `health`, the state an attached session set up before is
 * unchanged, and the process exits 0 once its stdin closes. Its share of `TROUPE_FUZZ_RUNS`.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INITIALIZE, RawSession, type RpcAnswer } from '../../serve/raw-session.js';
import { connect, freshDataDir, removeDataDirs } from '../serve-client.js';
import { anyFrames, type Frame } from './frame-arbitrary.js';
import { fuzzParameters, runsOf } from './fuzz-budget.js';
import { expectKept, type KeptState, keepState } from './kept-state.js';

const RUNS = runsOf('framesStdio');
/** Small, so that frames over it cost little to write. */
const MAX_MESSAGE_BYTES = 64 * 1024;
const ANSWER_TIMEOUT_MS = 20_000;

const dataDir = freshDataDir('fuzz-frames');
let session: RawSession;
let keeper: Client;
let kept: KeptState;

beforeAll(async () => {
  session = new RawSession([
    '--data-dir',
    dataDir,
    '--threads',
    '1',
    '--max-message-bytes',
    String(MAX_MESSAGE_BYTES),
  ]);
  await session.initialize();
  // A second process attached to the same runtime holds the state the frames must not disturb.
  keeper = await connect(dataDir);
  kept = await keepState(keeper);
});

afterAll(async () => {
  await keeper?.close();
  if (session?.child.exitCode === null) session.child.kill('SIGKILL');
  removeDataDirs();
});

function write(frame: Frame): void {
  if (typeof frame === 'string') session.child.stdin.write(`${frame}\n`);
  else {
    session.child.stdin.write(frame);
    session.child.stdin.write('\n');
  }
}

/** The answer with this id, looked for every millisecond (a case is a few milliseconds). */
async function answerTo(id: string): Promise<RpcAnswer> {
  const deadline = Date.now() + ANSWER_TIMEOUT_MS;
  for (let from = 0; ; ) {
    const found = session.answers.slice(from).find((answer) => answer.id === id);
    if (found) return found;
    from = session.answers.length;
    if (Date.now() > deadline) throw new Error(`no answer to ${id} within ${ANSWER_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** A line the server wrote: a JSON-RPC message, and a response is a result or a coded error. */
function expectWellFormed(answer: RpcAnswer): void {
  const message = answer as RpcAnswer & { method?: unknown };
  expect(message.jsonrpc, JSON.stringify(answer)).toBe('2.0');
  if (typeof message.method === 'string') return; // a notification or a request of the server's
  expect('id' in message, JSON.stringify(answer)).toBe(true);
  expect(['string', 'number', 'object'], JSON.stringify(answer)).toContain(typeof message.id);
  const { result, error } = message;
  expect((result === undefined) !== (error === undefined), JSON.stringify(answer).slice(0, 500)).toBe(true);
  if (error !== undefined) {
    expect(Number.isInteger(error.code), JSON.stringify(error)).toBe(true);
    expect(typeof error.message, JSON.stringify(error)).toBe('string');
  }
}

it(`survives ${RUNS} cases of raw frames on stdin, answering each well-formed`, async () => {
  let checked = 0;
  let sentinel = 0;
  await fc.assert(
    fc.asyncProperty(anyFrames(MAX_MESSAGE_BYTES), async (frames) => {
      for (const frame of frames) write(frame);
      const id = `sentinel-${++sentinel}`;
      session.send({ jsonrpc: '2.0', id, method: 'ping' });
      const pong = await answerTo(id);
      expect(pong.result).toEqual({});
      expect(session.child.exitCode).toBeNull();
      for (const answer of session.answers.slice(checked)) expectWellFormed(answer);
      checked = session.answers.length;
      expect(session.stray).toEqual([]);
    }),
    fuzzParameters(RUNS),
  );
  expect(sentinel).toBeGreaterThanOrEqual(RUNS);
  const codes = new Map<string, number>();
  for (const answer of session.answers) {
    const code = answer.error ? String(answer.error.code) : answer.result ? 'result' : 'other';
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  process.stderr.write(
    `fuzz frames over stdio: ${sentinel} cases, answers ${JSON.stringify(Object.fromEntries(codes))}\n`,
  );
  // Beyond the pings, the frames were answered: parse errors, invalid requests and params, unknown methods.
  for (const code of ['-32700', '-32600', '-32602', '-32601'])
    expect(codes.get(code), code).toBeGreaterThan(0);

  // A proper session start, the tools and health, on the same stdin.
  session.send({ ...INITIALIZE, id: 'final-init' });
  expect((await session.answerTo('final-init', 1, ANSWER_TIMEOUT_MS)).result).toMatchObject({
    protocolVersion: expect.any(String),
    serverInfo: { name: 'troupe' },
  });
  session.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  session.send({ jsonrpc: '2.0', id: 'final-list', method: 'tools/list' });
  const listed = (await session.answerTo('final-list', 1, ANSWER_TIMEOUT_MS)).result as { tools: unknown[] };
  expect(listed.tools.length).toBeGreaterThan(40);
  session.send({
    jsonrpc: '2.0',
    id: 'final-health',
    method: 'tools/call',
    params: { name: 'health', arguments: {} },
  });
  expect((await session.answerTo('final-health', 1, ANSWER_TIMEOUT_MS)).result).toMatchObject({
    structuredContent: { status: 'healthy' },
  });
  await expectKept(keeper, kept);
  for (const answer of session.answers.slice(checked)) expectWellFormed(answer);
  expect(session.stray).toEqual([]);
  await keeper.close();
  expect(await session.end()).toBe(0);
}, 1_800_000);
