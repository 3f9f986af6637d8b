/**
 * The http scenario at a tiny size: tool calls over Streamable HTTP to `troupe serve --http`
 * (its port read from `--http-port-file`) and to the bare SDK HTTP echo server give every row
 * a measured figure, and `/metrics` scraped mid-run — read here with the strict Prometheus
 * text-format parser — shows every family issue 14 lists with sane values. How fast anything
 * is is the bench's business.
 */
import { expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from '../../../bench/harness/prometheus-text.js';
import { runHttp } from '../../../bench/scenarios/http.js';
import { checkScrape, LISTED_FAMILIES } from '../../../bench/scenarios/http-metrics.js';

it('measures every row over HTTP and scrapes every listed metric family mid-run', async () => {
  const { results, scrapes } = await runHttp(0.05);
  expect(results.map((result) => result.status)).not.toContain('failed');
  expect(results.map((result) => result.metric)).toEqual([
    'sequential round trips check_file_lock, memory',
    'call latency p50 check_file_lock, memory',
    'call latency p99 check_file_lock, memory',
    'pipelined calls check_file_lock, memory',
    '/metrics families mid-run',
    '/metrics families after',
  ]);
  for (const result of results) {
    expect(result.scenario).toBe('http');
    expect(result.value).toBeGreaterThan(0);
    expect(result.baseline.value).toBeGreaterThan(0);
  }
  const during = scrapes.get('during') ?? '';
  const families = parsePrometheusText(during);
  for (const [name, type] of LISTED_FAMILIES) expect(families.get(name)?.type, name).toBe(type);
  const operations = families.get('troupe_mcp_server_operation_duration_seconds');
  const count = 'troupe_mcp_server_operation_duration_seconds_count';
  expect(sumOf(operations, { method: 'tools/call', tool: 'check_file_lock' }, count)).toBeGreaterThan(0);
  expect(sumOf(families.get('troupe_turns_total'))).toBeGreaterThan(0);
  expect(sumOf(families.get('troupe_mcp_sessions_open'))).toBe(1);
  expect(checkScrape(during).problems).toEqual([]);
  const rows = results.filter((result) => result.unit === 'families');
  expect(rows.map((row) => [row.value, row.target?.met])).toEqual([
    [LISTED_FAMILIES.size, true],
    [LISTED_FAMILIES.size, true],
  ]);
  // The scrape after the last round counted the calls of every round (check_file_lock reads on
  // the main thread: the turns counter moves with background actors only, not with the calls).
  const after = parsePrometheusText(scrapes.get('after') ?? '');
  const calls = (scraped: typeof families) =>
    sumOf(
      scraped.get('troupe_mcp_server_operation_duration_seconds'),
      { method: 'tools/call', tool: 'check_file_lock' },
      count,
    );
  expect(calls(after)).toBeGreaterThan(calls(families));
}, 60_000);

it('names what is missing or insane in a scrape', () => {
  const broken = [
    '# HELP troupe_turns_total Turns',
    '# TYPE troupe_turns_total counter',
    'troupe_turns_total 0',
    '# HELP troupe_actors Actors',
    '# TYPE troupe_actors counter',
    'troupe_actors{status="active"} 3',
  ].join('\n');
  const check = checkScrape(broken);
  expect(check.passed).toBe(0);
  expect(check.problems).toContain('troupe_turns_total{} is 0 after the traffic');
  expect(check.problems).toContain('troupe_actors is a counter, not a gauge');
  expect(check.problems).toContain('troupe_mailbox_depth missing');
  expect(check.sums.troupe_actors).toBe(3);
});
