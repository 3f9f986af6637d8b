/**
 * Alternating rounds of a baseline session and our (troupe) session:
 *
 *   warm-up:  B O  (discarded)  ×warmupRounds
 *   measured: B O  B O  B O     ×rounds
 *
 * Sessions are opened once and reused, or — with `freshSessionPerRound` — opened and
 * closed around every round, so each round gets new worker threads. Use that where the
 * figure depends on where the OS puts the threads (cross-thread latency on a small VM is
 * bimodal, ~15 or ~50 µs, and stays in one mode for the life of a pair of workers).
 *
 * Our half is loaded with a dynamic `import()`: if that fails it is `unavailable` and the
 * baseline is still measured; if opening or a round throws or times out it is `failed`
 * (the rounds measured so far are dropped, since a partial figure would mislead).
 *
 * Each finished round (warm-ups included) is reported to the bench's progress line.
 */
import { reportRound } from './progress.js';
import type { MeasureSession } from './session.js';
import { withTimeout } from './timeout.js';
import type { TroupeHalf } from './troupe-half.js';

export interface OurHalf<Module, Sample> {
  readonly label: string;
  readonly load: () => Promise<Module>;
  readonly open: (module: Module) => Promise<MeasureSession<Sample>>;
}

export interface InterleaveOptions<BaselineSample, Module, OurSample> {
  readonly baseline: () => Promise<MeasureSession<BaselineSample>>;
  readonly ours: OurHalf<Module, OurSample>;
  readonly warmupRounds: number;
  readonly rounds: number;
  /** Bound on opening our session and on each of its rounds. */
  readonly roundTimeoutMs: number;
  readonly freshSessionPerRound?: boolean;
}

export interface InterleaveOutcome<BaselineSample, OurSample> {
  readonly baseline: BaselineSample[];
  readonly ours: TroupeHalf<OurSample[]>;
}

type Missing = { readonly status: 'unavailable' | 'failed'; readonly reason: string };

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `[${code}] ` : ''}${error.message.split('\n')[0]}`;
}

export async function runInterleaved<BaselineSample, Module, OurSample>(
  options: InterleaveOptions<BaselineSample, Module, OurSample>,
): Promise<InterleaveOutcome<BaselineSample, OurSample>> {
  const { ours, roundTimeoutMs } = options;
  const fresh = options.freshSessionPerRound ?? false;
  let module: Module | undefined;
  let missing: Missing | null = null;
  try {
    module = await ours.load();
  } catch (error) {
    missing = { status: 'unavailable', reason: describe(error) };
  }
  const baseline: BaselineSample[] = [];
  const ourSamples: OurSample[] = [];
  let baselineSession: MeasureSession<BaselineSample> | null = null;
  let ourSession: MeasureSession<OurSample> | null = null;
  const planned = options.warmupRounds + options.rounds;
  reportRound(ours.label, 0, planned);
  try {
    for (let round = 0; round < planned; round++) {
      const measured = round >= options.warmupRounds;
      baselineSession ??= await options.baseline();
      const sample = await baselineSession.measureRound();
      if (measured) baseline.push(sample);
      if (fresh) {
        await baselineSession.close();
        baselineSession = null;
      }
      if (missing || module === undefined) {
        reportRound(ours.label, round + 1, planned);
        continue;
      }
      try {
        ourSession ??= await withTimeout(ours.open(module), roundTimeoutMs, `opening ${ours.label}`);
        const ourSample = await withTimeout(
          ourSession.measureRound(),
          roundTimeoutMs,
          `${ours.label} round ${round + 1}`,
        );
        if (measured) ourSamples.push(ourSample);
        if (fresh) {
          await ourSession.close();
          ourSession = null;
        }
      } catch (error) {
        missing = { status: 'failed', reason: describe(error) };
      }
      reportRound(ours.label, round + 1, planned);
    }
  } finally {
    await baselineSession?.close();
    await ourSession?.close();
  }
  return { baseline, ours: missing ?? { status: 'measured', value: ourSamples } };
}
