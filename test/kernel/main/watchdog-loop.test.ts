/**
 * The watchdog's loop rule, on a fake clock and a real turn-watch buffer: a loop that stops
 * beating is a jam after `loopTimeoutMs` — unless a kind module is being imported, which may
 * block the loop far longer (up to `MODULE_LOAD_TIMEOUT_MS`) without being one. Work the
 * runtime completes outside turns pulses the beat too (`TurnWatch.pulse`), and a thread inside
 * a store transaction's write functions is not ended until it is out (`TurnWatch.writing`).
 */
import { expect, it } from 'vitest';
import { type JamReport, MODULE_LOAD_TIMEOUT_MS, Watchdog } from '../../../src/kernel/main/watchdog.js';
import { createTurnWatchBuffer, TurnWatch } from '../../../src/kernel/wire/turn-watch.js';

function watched() {
  let now = 0;
  const jams: JamReport[] = [];
  const dog = new Watchdog(
    { turnTimeoutMs: 2_000, loopTimeoutMs: 2_000, checkEveryMs: 100 },
    (jam) => jams.push(jam),
    () => now,
  );
  const buffer = createTurnWatchBuffer();
  const watch = new TurnWatch(buffer, 7);
  dog.watch(0, buffer);
  // One beat (word 0 of the buffer, as the thread's beat timer writes it): from now on the loop is watched.
  new Int32Array(buffer, 0, 1)[0] = 1;
  dog.check(now);
  return {
    watch,
    jams,
    dog,
    at: (ms: number) => {
      now = ms;
      dog.check(now);
    },
  };
}

it('reports a loop that stopped beating past loopTimeoutMs', () => {
  const { jams, at } = watched();
  at(1_900);
  expect(jams).toEqual([]);
  at(2_100);
  expect(jams).toMatchObject([{ thread: 0, kind: 'loop', threadId: 7 }]);
});

it('gives a loop blocked by a kind module import up to MODULE_LOAD_TIMEOUT_MS, and no more', () => {
  const { watch, jams, at } = watched();
  watch.loading(1);
  at(10_000);
  expect(jams).toEqual([]);
  at(MODULE_LOAD_TIMEOUT_MS + 100);
  expect(jams).toMatchObject([{ kind: 'loop' }]);
});

it('goes back to the short limit once the import ended', () => {
  const { watch, jams, at } = watched();
  watch.loading(1);
  at(5_000);
  watch.loading(-1);
  at(5_100);
  expect(jams).toMatchObject([{ kind: 'loop' }]);
});

it('takes a pulse of the runtime (work done outside a turn) for progress, and its end for a stop', () => {
  const { watch, jams, at } = watched();
  // The timer never fires (the loop is in one long stretch of work), but the work pulses.
  for (let ms = 500; ms <= 6_000; ms += 500) {
    watch.pulse();
    at(ms);
  }
  expect(jams).toEqual([]);
  at(8_100);
  expect(jams).toMatchObject([{ kind: 'loop', stuckMs: 2_100 }]);
});

it('does not end a thread inside a store transaction, and reports it once it is out', () => {
  const { watch, jams, at } = watched();
  watch.writing(true);
  at(5_000);
  expect(jams).toEqual([]);
  watch.writing(false);
  at(5_100);
  expect(jams).toMatchObject([{ kind: 'loop', stuckMs: 5_100 }]);
});
