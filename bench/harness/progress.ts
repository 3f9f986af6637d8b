/**
 * Progress of a bench run on stderr: which scenario of how many, the round within it, the time
 * elapsed and an ETA. In a terminal one line is redrawn in place (and a ticker keeps the elapsed
 * time moving through long rounds); otherwise (`CI=true`, or stderr not a TTY) a plain line is
 * printed per round, so logs stay readable.
 *
 * The ETA of a scenario is its remaining planned rounds times the mean duration of the rounds it
 * has run so far. Rounds are announced by the harness (`interleave.ts` calls `reportRound`). A
 * scenario that runs several comparisons may declare its total (`Scenario.plannedRounds`);
 * otherwise the plan is the comparison under way's. Scenarios that do not run in rounds show
 * elapsed time only.
 *
 * The bench installs one `Progress` for its run (`installProgress`); without one, reports go
 * nowhere. It owns the formatting and the stream writes, not what a round is.
 */

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** Redraw one line in place (a terminal) or print a line per event. */
  readonly live: boolean;
  /** Milliseconds, monotonic. */
  readonly now: () => number;
  /** Redraw period of the live line, 0 for none (tests). */
  readonly tickMs?: number;
}

export interface Progress {
  /** `plannedRounds`: every round the scenario will run, over all its comparisons, if known. */
  startScenario(index: number, total: number, name: string, plannedRounds?: number): void;
  /** Round `done` of `planned` of the comparison `label` has finished. */
  round(label: string, done: number, planned: number): void;
  /** Clear the live line before something else is printed to the terminal. */
  clear(): void;
  endScenario(): void;
}

/** Live in a terminal, plain lines in CI or when stderr is piped. */
export function isLiveTerminal(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && env.CI !== 'true' && env.CI !== '1';
}

/** 75_400 → "1m15s", 8_200 → "8.2s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

interface ScenarioState {
  readonly index: number;
  readonly total: number;
  readonly name: string;
  readonly startedAt: number;
  readonly plannedRounds: number | null;
  /** Rounds finished over every comparison so far. */
  roundsDone: number;
  label: string | null;
  done: number;
  planned: number;
  /** When the current comparison's first round started (its mean round time is measured from here). */
  comparisonStartedAt: number;
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream, live, now } = options;
  const runStartedAt = now();
  let current: ScenarioState | null = null;
  let drawn = false;
  let ticker: ReturnType<typeof setInterval> | null = null;

  const describe = (state: ScenarioState): string => {
    const at = now();
    const parts = [`bench [${state.index}/${state.total}] ${state.name}`];
    if (state.label !== null && state.planned > 0) {
      const overall =
        state.plannedRounds === null ? '' : ` (${state.roundsDone}/${state.plannedRounds} in all)`;
      parts.push(`${state.label} round ${state.done}/${state.planned}${overall}`);
    }
    parts.push(`${formatDuration(at - state.startedAt)} elapsed (run ${formatDuration(at - runStartedAt)})`);
    const eta =
      state.plannedRounds !== null && state.roundsDone > 0
        ? ((at - state.startedAt) / state.roundsDone) * Math.max(0, state.plannedRounds - state.roundsDone)
        : state.done > 0
          ? ((at - state.comparisonStartedAt) / state.done) * (state.planned - state.done)
          : 0;
    if (eta > 0) parts.push(`ETA ${formatDuration(eta)}`);
    return parts.join(' · ');
  };

  const draw = () => {
    if (current === null) return;
    if (live) {
      stream.write(`\r\x1b[2K${describe(current)}`);
      drawn = true;
    } else {
      stream.write(`${describe(current)}\n`);
    }
  };

  const clear = () => {
    if (live && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };

  return {
    startScenario(index, total, name, plannedRounds) {
      const at = now();
      current = {
        index,
        total,
        name,
        startedAt: at,
        plannedRounds: plannedRounds ?? null,
        roundsDone: 0,
        label: null,
        done: 0,
        planned: 0,
        comparisonStartedAt: at,
      };
      draw();
      if (live && options.tickMs && options.tickMs > 0) {
        ticker = setInterval(draw, options.tickMs);
        ticker.unref();
      }
    },
    round(label, done, planned) {
      const state = current;
      if (state === null) return;
      if (state.label !== label || done < state.done || done === 0) {
        state.label = label;
        state.comparisonStartedAt = now();
      }
      if (done > state.done) state.roundsDone += done - state.done;
      state.done = done;
      state.planned = planned;
      if (done > 0) draw();
    },
    clear,
    endScenario() {
      if (ticker !== null) clearInterval(ticker);
      ticker = null;
      clear();
      current = null;
    },
  };
}

let installed: Progress | null = null;

/** Make `progress` the one the harness reports to (null: none). */
export function installProgress(progress: Progress | null): void {
  installed = progress;
}

/**
 * The harness's report that round `done` of `planned` of comparison `label` finished; `done`
 * 0 announces a comparison about to start (its clock starts then).
 */
export function reportRound(label: string, done: number, planned: number): void {
  installed?.round(label, done, planned);
}

/** Clear the live line before writing to the terminal (a no-op without a live progress line). */
export function clearProgressLine(): void {
  installed?.clear();
}
