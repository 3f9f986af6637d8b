/**
 * The tool-input property of `tool-inputs.test.ts` through a real `troupe serve` process over
 * stdio (its own share of `TROUPE_FUZZ_RUNS`): the same arguments and checks, plus what only a
 * process shows — it is still running afterwards, and its stdout carried JSON-RPC only (the SDK
 * client's transport reports any other line as an error).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, freshDataDir, removeDataDirs } from '../serve-client.js';
import { runsOf } from './fuzz-budget.js';
import { fuzzEveryTool } from './fuzz-tools.js';
import { expectKept, type KeptState, keepState } from './kept-state.js';

const RUNS = runsOf('toolInputsStdio');
const dataDir = freshDataDir('fuzz-stdio');

let keeper: Client;
let fuzzer: Client;
let kept: KeptState;
const transportErrors: Error[] = [];

beforeAll(async () => {
  // The fuzzer's process hosts the runtime; the keeper's is a second `troupe serve` attached to it.
  fuzzer = await connect(dataDir);
  keeper = await connect(dataDir);
  kept = await keepState(keeper);
  const transport = fuzzer.transport as StdioClientTransport;
  const before = transport.onerror;
  transport.onerror = (error) => {
    transportErrors.push(error);
    before?.(error);
  };
});

afterAll(async () => {
  await fuzzer?.close();
  await keeper?.close();
  removeDataDirs();
});

it(`answers ${RUNS} fuzzed tool calls over stdio with a result or a coded error, and keeps its state`, async () => {
  const tally = await fuzzEveryTool(fuzzer, RUNS);
  process.stderr.write(
    `fuzz over stdio: ${tally.calls} calls, ${JSON.stringify(Object.fromEntries(tally.kinds))}, ${tally.succeeded.size} tools succeeded\n`,
  );
  expect(tally.calls).toBe(RUNS);
  expect(tally.succeeded.size).toBeGreaterThan(10);
  expect(transportErrors).toEqual([]);
  const pids = [keeper, fuzzer].map((client) => (client.transport as StdioClientTransport).pid);
  for (const pid of pids) {
    expect(pid).toBeTypeOf('number');
    expect(() => process.kill(pid as number, 0)).not.toThrow();
  }
  await expectKept(keeper, kept);
  // The fuzzing session still works too.
  expect((await fuzzer.callTool({ name: 'health', arguments: {} })).isError).toBeFalsy();
}, 1_800_000);
