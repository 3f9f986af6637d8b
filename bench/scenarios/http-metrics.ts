/**
 * The `/metrics` check of the http scenario: a scrape taken while `troupe serve --http` was
 * under load (and one after) must show every metric family issue 14 lists — the kernel's, the
 * domain's and MCP's — with the type it should have and sane values: every sample a finite
 * number ≥ 0, each histogram's `+Inf` bucket equal to its count, and the counters of the
 * traffic the scenario made (turns, `tools/call check_file_lock`, an open session, active
 * actors) above zero. The gateway's families need a gateway config (`--config`) and are
 * checked by the gateway's tests, not here.
 *
 * A scrape becomes one result row: the families that passed out of those listed (target: all),
 * with what failed and each family's sum in the note. Parsing: `harness/prometheus-text.ts`.
 */
import { type PromFamily, parsePrometheusText, sumOf } from '../harness/prometheus-text.js';
import { type BenchResult, createResult } from '../harness/result.js';
import type { ScrapePhase } from './troupe-http.js';

/** Issue 14 item 3's families (gateway aside), with their types. */
export const LISTED_FAMILIES: ReadonlyMap<string, 'counter' | 'gauge' | 'histogram'> = new Map([
  ['troupe_actors', 'gauge'],
  ['troupe_mailbox_depth', 'gauge'],
  ['troupe_turns_total', 'counter'],
  ['troupe_turn_duration_seconds', 'histogram'],
  ['troupe_actor_restarts_total', 'counter'],
  ['troupe_dead_letters_total', 'counter'],
  ['troupe_asks_timed_out_total', 'counter'],
  ['troupe_commits_total', 'counter'],
  ['troupe_commit_duration_seconds', 'histogram'],
  ['troupe_thread_jams_total', 'counter'],
  ['troupe_deadlocks_broken_total', 'counter'],
  ['troupe_agents', 'gauge'],
  ['troupe_messages_sent_total', 'counter'],
  ['troupe_messages_delivered_total', 'counter'],
  ['troupe_messages_expired_total', 'counter'],
  ['troupe_lock_waits_total', 'counter'],
  ['troupe_lock_grants_total', 'counter'],
  ['troupe_tasks', 'gauge'],
  ['troupe_workflow_runs_total', 'counter'],
  ['troupe_workflow_step_duration_seconds', 'histogram'],
  ['troupe_mcp_server_operation_duration_seconds', 'histogram'],
  ['troupe_mcp_errors_total', 'counter'],
  ['troupe_mcp_sessions_open', 'gauge'],
]);

const OPERATIONS = 'troupe_mcp_server_operation_duration_seconds';

/** What the scenario's traffic must have moved: family → the samples that must sum above zero. */
const TRAFFIC: readonly (readonly [string, Readonly<Record<string, string>>, string?])[] = [
  ['troupe_turns_total', {}],
  ['troupe_turn_duration_seconds', {}, 'troupe_turn_duration_seconds_count'],
  ['troupe_actors', { status: 'active' }],
  [OPERATIONS, { method: 'tools/call', tool: 'check_file_lock' }, `${OPERATIONS}_count`],
  ['troupe_mcp_sessions_open', {}],
];

export interface ScrapeCheck {
  /** Listed families present, typed and sane. */
  readonly passed: number;
  /** What is wrong, one entry a family. */
  readonly problems: readonly string[];
  /** Each listed family's sum of samples (histograms: their count), as scraped. */
  readonly sums: Readonly<Record<string, number>>;
}

function problemOf(name: string, family: PromFamily | undefined, type: string): string | null {
  if (family === undefined) return `${name} missing`;
  if (family.type !== type) return `${name} is a ${family.type}, not a ${type}`;
  if (family.samples.some((sample) => !Number.isFinite(sample.value) || sample.value < 0))
    return `${name} has a sample that is not a finite number >= 0`;
  if (type === 'histogram') {
    const total = sumOf(family, { le: '+Inf' }, `${name}_bucket`);
    if (total !== sumOf(family, {}, `${name}_count`)) return `${name}: its +Inf buckets are not its count`;
  }
  const traffic = TRAFFIC.find(([family]) => family === name);
  if (traffic !== undefined && sumOf(family, traffic[1], traffic[2]) <= 0)
    return `${name}${JSON.stringify(traffic[1])} is 0 after the traffic`;
  return null;
}

export function checkScrape(text: string): ScrapeCheck {
  const families = parsePrometheusText(text);
  const problems: string[] = [];
  const sums: Record<string, number> = Object.create(null);
  for (const [name, type] of LISTED_FAMILIES) {
    const family = families.get(name);
    const problem = problemOf(name, family, type);
    if (problem !== null) problems.push(problem);
    if (family !== undefined) sums[name] = sumOf(family, {}, type === 'histogram' ? `${name}_count` : name);
  }
  return { passed: LISTED_FAMILIES.size - problems.length, problems, sums };
}

/** The scrape of `phase` as a result row (a scrape that could not be read counts no family). */
export function scrapeResult(phase: ScrapePhase, text: string | undefined): BenchResult {
  let check: ScrapeCheck;
  try {
    check = text === undefined ? { passed: 0, problems: ['no scrape'], sums: {} } : checkScrape(text);
  } catch (error) {
    check = { passed: 0, problems: [`unreadable: ${(error as Error).message}`], sums: {} };
  }
  const when = phase === 'during' ? 'mid-run, under load' : 'after the last round';
  const failed = check.problems.length === 0 ? 'all sane' : `failed: ${check.problems.join('; ')}`;
  return createResult(
    {
      scenario: 'http',
      metric: `/metrics families ${phase === 'during' ? 'mid-run' : 'after'}`,
      unit: 'families',
      better: 'higher',
      baseline: { name: 'families issue 14 lists (gateway aside)', value: LISTED_FAMILIES.size },
      target: LISTED_FAMILIES.size,
      note: `GET /metrics ${when}: ${failed}; sums: ${JSON.stringify(check.sums)}`,
    },
    check.passed,
  );
}
