/**
 * The bench's progress line: plain lines (CI, or stderr not a terminal) name the scenario i/n,
 * the round, the elapsed time and an ETA from the planned rounds and the rounds' durations so
 * far; in a terminal the same line is redrawn in place and cleared before other output.
 */
import { expect, it } from 'vitest';
import { createProgress, formatDuration, isLiveTerminal } from '../../../bench/harness/progress.js';

function recorder() {
  const written: string[] = [];
  let time = 0;
  return {
    written,
    stream: { write: (text: string) => written.push(text) },
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

it('prints a plain line per round with scenario i/n, round, elapsed and an ETA from the rounds so far', () => {
  const io = recorder();
  const progress = createProgress({ stream: io.stream, live: false, now: io.now });
  progress.startScenario(2, 5, 'tell-cross');
  progress.round('troupe tell-cross', 0, 4);
  io.advance(1_000);
  progress.round('troupe tell-cross', 1, 4);
  io.advance(1_000);
  progress.round('troupe tell-cross', 2, 4);
  progress.endScenario();
  expect(io.written).toEqual([
    'bench [2/5] tell-cross · 0.0s elapsed (run 0.0s)\n',
    'bench [2/5] tell-cross · troupe tell-cross round 1/4 · 1.0s elapsed (run 1.0s) · ETA 3.0s\n',
    'bench [2/5] tell-cross · troupe tell-cross round 2/4 · 2.0s elapsed (run 2.0s) · ETA 2.0s\n',
  ]);
});

it("uses the scenario's planned rounds over all its comparisons when it declares them", () => {
  const io = recorder();
  const progress = createProgress({ stream: io.stream, live: false, now: io.now });
  progress.startScenario(1, 1, 'scaling-batch', 8);
  progress.round('batch 1', 0, 4);
  io.advance(500);
  for (const done of [1, 2, 3, 4]) progress.round('batch 1', done, 4);
  progress.round('batch 4', 0, 4);
  io.advance(500);
  progress.round('batch 4', 1, 4);
  expect(io.written.at(-1)).toBe(
    'bench [1/1] scaling-batch · batch 4 round 1/4 (5/8 in all) · 1.0s elapsed (run 1.0s) · ETA 0.6s\n',
  );
});

it('redraws one line in a terminal and clears it before other output', () => {
  const io = recorder();
  const progress = createProgress({ stream: io.stream, live: true, now: io.now });
  progress.startScenario(1, 2, 'spawn');
  progress.clear();
  expect(io.written).toEqual(['\r\x1b[2Kbench [1/2] spawn · 0.0s elapsed (run 0.0s)', '\r\x1b[2K']);
  expect(isLiveTerminal({ write: () => true, isTTY: true }, {})).toBe(true);
  expect(isLiveTerminal({ write: () => true, isTTY: true }, { CI: 'true' })).toBe(false);
  expect(isLiveTerminal({ write: () => true }, {})).toBe(false);
  expect(formatDuration(75_400)).toBe('1m15s');
});
