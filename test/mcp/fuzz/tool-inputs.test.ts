/**
 * Property (fast-check): every tool of a troupe runtime, called with arguments generated from
 * its listed input schema — valid ones and hostile ones (wrong types, missing and extra
 * arguments, `__proto__` / `constructor` keys, over-long ids, huge strings, deep nesting,
 * NaN-ish numbers, unicode) — answers in time with a result its output schema accepts or an
 * error result carrying a code that blames the request; afterwards the runtime is healthy and
 * the state another session set up before is unchanged. Here in process (the runtime
 * `troupe serve` hosts, over in-memory streams): most of the suite's `TROUPE_FUZZ_RUNS`.
 * `tool-inputs-stdio.test.ts` runs a share through a real `troupe serve` process.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runsOf } from './fuzz-budget.js';
import { fuzzEveryTool } from './fuzz-tools.js';
import { type InProcessTroupe, startInProcessTroupe } from './in-process-troupe.js';
import { expectKept, type KeptState, keepState } from './kept-state.js';

const RUNS = runsOf('toolInputsInProcess');

let troupe: InProcessTroupe;
let keeper: Client;
let fuzzer: Client;
let kept: KeptState;

beforeAll(async () => {
  troupe = await startInProcessTroupe();
  keeper = await troupe.connect();
  kept = await keepState(keeper);
  fuzzer = await troupe.connect();
});

afterAll(async () => {
  await troupe?.stop();
});

it(`answers ${RUNS} fuzzed tool calls in process with a result or a coded error, and keeps its state`, async () => {
  const tally = await fuzzEveryTool(fuzzer, RUNS);
  process.stderr.write(
    `fuzz in process: ${tally.calls} calls, ${JSON.stringify(Object.fromEntries(tally.kinds))}, ${tally.succeeded.size} tools succeeded (not: ${tally.never.join(' ')}); codes ${JSON.stringify(Object.fromEntries(tally.codes))}\n`,
  );
  expect(tally.calls).toBe(RUNS);
  // Valid calls got through to the actors, and refusals were exercised.
  expect(tally.succeeded.size).toBeGreaterThan(RUNS >= 5_000 ? 40 : 10);
  expect(tally.kinds.get('refused') ?? 0).toBeGreaterThan(RUNS / 10);
  await expectKept(keeper, kept);
}, 1_800_000);
