/**
 * The bench CLI: `node dist/bench/main.js [--only <scenario|group>[,…]]`.
 *
 * Runs the selected scenarios in registry order (`scenarios/registry.ts`), each measuring
 * its baseline and our figure in the same process, writes `bench/results/<scenario>.json`
 * (and its curves to `bench/results/curves/<scenario>.json`) and prints one compact table with
 * ratios ours/baseline; then `bench/results/report.html`, with charts of every result file there,
 * and the summary chart alone at `bench/summary.svg` (`harness/report.ts`). Progress (scenario,
 * round, elapsed, ETA) goes to stderr (`harness/progress.ts`). `runBench` is exported for the
 * `troupe bench` command; this module runs itself only when executed directly.
 *
 * Exit status: 0 when every figure was measured or the runtime was unavailable, 1 when
 * a scenario or a troupe half failed, 2 on bad arguments.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchArgsError, parseBenchArgs } from './harness/args.js';
import { writeCurves } from './harness/curve.js';
import { nowMs } from './harness/measure.js';
import { createProgress, installProgress, isLiveTerminal, type Progress } from './harness/progress.js';
import { writeReport } from './harness/report.js';
import { type BenchResult, writeResults } from './harness/result.js';
import { type Scenario, toScenarioOutput } from './harness/scenario.js';
import { formatNotes, formatTable } from './harness/table.js';
import { withTimeout } from './harness/timeout.js';
import { FLOOD_SENDS_ENV } from './scenarios/flood.js';
import { SCENARIO_GROUPS, SCENARIOS } from './scenarios/registry.js';

/** Results go to the source tree's `bench/results/`, also when run from `dist/bench/`. */
const RESULTS_DIRECTORY = fileURLToPath(new URL('../../bench/results/', import.meta.url));
/** The summary chart alone, at the stable path the README embeds (committed with fresh figures). */
const SUMMARY_SVG = fileURLToPath(new URL('../../bench/summary.svg', import.meta.url));
/** The time limit of a scenario that does not set its own. */
const SCENARIO_TIME_LIMIT_MS = 100_000;

async function runScenario(
  scenario: Scenario,
  progress: Progress,
  position: { index: number; total: number },
): Promise<{ results: BenchResult[]; failed: boolean }> {
  const start = nowMs();
  process.stdout.write(`▶ ${scenario.name}: ${scenario.description}\n`);
  progress.startScenario(position.index, position.total, scenario.name, scenario.plannedRounds);
  try {
    const { results, curves } = toScenarioOutput(
      await withTimeout(
        scenario.run(),
        scenario.timeLimitMs ?? SCENARIO_TIME_LIMIT_MS,
        `scenario ${scenario.name}`,
      ),
    );
    progress.endScenario();
    const path = await writeResults(RESULTS_DIRECTORY, scenario.name, results);
    const curvePath = curves.length > 0 ? await writeCurves(RESULTS_DIRECTORY, scenario.name, curves) : null;
    process.stdout.write(
      `  ${((nowMs() - start) / 1000).toFixed(1)} s → ${path}${curvePath ? `, ${curvePath}` : ''}\n`,
    );
    return { results: [...results], failed: results.some((result) => result.status === 'failed') };
  } catch (error) {
    progress.endScenario();
    process.stdout.write('  failed\n');
    console.error(
      `  ${scenario.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return { results: [], failed: true };
  }
}

/** Run the scenarios `argv` selects (all by default), print the table, write the JSON files. */
export async function runBench(argv: string[]): Promise<void> {
  const args = parseBenchArgs(
    argv,
    SCENARIOS.map((scenario) => scenario.name),
    SCENARIO_GROUPS,
  );
  if (args.floodSends !== null) process.env[FLOOD_SENDS_ENV] = String(args.floodSends);
  const selected = SCENARIOS.filter((scenario) =>
    args.only === null ? scenario.onlyWhenNamed !== true : args.only.includes(scenario.name),
  );
  const progress = createProgress({
    stream: process.stderr,
    live: isLiveTerminal(process.stderr, process.env),
    now: nowMs,
    tickMs: 500,
  });
  installProgress(progress);
  const all: BenchResult[] = [];
  let failed = false;
  try {
    for (const [index, scenario] of selected.entries()) {
      const outcome = await runScenario(scenario, progress, { index: index + 1, total: selected.length });
      all.push(...outcome.results);
      failed ||= outcome.failed;
    }
  } finally {
    installProgress(null);
  }
  console.log(`\n${formatTable(all)}`);
  const notes = formatNotes(all);
  if (notes) console.log(`\nnotes (ratio = ours / baseline):\n${notes}`);
  if (all.length > 0) {
    const written = await writeReport(RESULTS_DIRECTORY, undefined, undefined, SUMMARY_SVG);
    console.log(`\nreport: ${written.report}\nsummary chart: ${written.summary}`);
  }
  if (failed) process.exitCode = 1;
}

function isExecutedDirectly(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(entry).href;
}

if (isExecutedDirectly()) {
  runBench(process.argv.slice(2)).then(
    // Exit explicitly: a troupe half that timed out may have left worker threads running.
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error instanceof BenchArgsError ? `bench: ${error.message}` : error);
      process.exit(error instanceof BenchArgsError ? 2 : 1);
    },
  );
}
