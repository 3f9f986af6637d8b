/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance` 0.1.16, every active
 * server scenario) against `troupe serve --http`. The suite needs Node ≥ 22: it runs on the
 * Node 22 of the npm package `node@22`, from the npm prefix named by `TROUPE_CONFORMANCE_PREFIX`
 * (where CI installs `node@22` and the suite while the Node 20 suite runs: `.ci/run`), or, without
 * it, from a prefix this test installs them in (`npm install --prefix`). Every scenario passes but those in
 * `test/fixtures/conformance-expected-failures.yml` — the ones that name the reference server's
 * fixture tools, resources and prompts — and each of those fails only because troupe has no
 * such fixture (its answer says "not found" or "Unknown tool" naming it).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTroupe, stopTroupes } from './http-troupe.js';

const run = promisify(execFile);
const EXPECTED_FAILURES = fileURLToPath(
  new URL('../../../../test/fixtures/conformance-expected-failures.yml', import.meta.url),
);
const PACKAGES = ['node@22', '@modelcontextprotocol/conformance@0.1.16'];
const made: string[] = [];

afterAll(async () => {
  await stopTroupes();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * The npm prefix holding Node 22 and the suite: CI's, once its background install wrote `ready`
 * (`.ci/run`; `failed`, or no sign within 4 minutes: installed here instead), or one installed here.
 */
async function conformancePrefix(): Promise<string> {
  const given = process.env.TROUPE_CONFORMANCE_PREFIX;
  if (given !== undefined && given !== '') {
    const settled = () => ['ready', 'failed'].some((sign) => existsSync(join(given, sign)));
    const deadline = Date.now() + 240_000;
    while (!settled() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    if (existsSync(join(given, 'ready'))) return given;
  }
  const prefix = mkdtempSync(join(tmpdir(), 'troupe-conformance-'));
  made.push(prefix);
  await run('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', ...PACKAGES], {
    timeout: 240_000,
  });
  return prefix;
}

interface Check {
  readonly status: string;
  readonly errorMessage?: string;
}

it('passes every protocol scenario of the official conformance suite; only fixture scenarios fail', async () => {
  const prefix = await conformancePrefix();
  const node = join(prefix, 'node_modules', 'node', 'bin', 'node');
  const suite = join(prefix, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  expect(existsSync(node), `${node} (node@22)`).toBe(true);
  expect(existsSync(suite), suite).toBe(true);
  const troupe = await startTroupe({ args: ['--threads', '1'] });
  const output = mkdtempSync(join(tmpdir(), 'troupe-conformance-results-'));
  made.push(output);

  const args = [suite, 'server', '--url', `${troupe.base}/mcp`, '--expected-failures', EXPECTED_FAILURES];
  const result = await run(node, [...args, '-o', output], { timeout: 120_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  const summary = result.stdout.slice(result.stdout.indexOf('=== SUMMARY ==='));
  expect(result.code, summary).toBe(0);

  const expected = new Set((parse(readFileSync(EXPECTED_FAILURES, 'utf8')) as { server: string[] }).server);
  const checksOf = new Map<string, Check[]>();
  for (const dir of readdirSync(output)) {
    const scenario = /^server-(.+)-\d{4}-\d\d-\d\dT/.exec(dir)?.[1];
    if (scenario === undefined) continue;
    checksOf.set(scenario, JSON.parse(readFileSync(join(output, dir, 'checks.json'), 'utf8')) as Check[]);
  }
  const passed = [...checksOf].filter(([, checks]) => checks.every((check) => check.status !== 'FAILURE'));
  const failed = [...checksOf].filter(([, checks]) => checks.some((check) => check.status === 'FAILURE'));
  expect(passed.map(([name]) => name).filter((name) => expected.has(name))).toEqual([]);
  expect(failed.map(([name]) => name).sort()).toEqual([...expected].sort());
  // The protocol scenarios: lifecycle, ping, logging, tools/list, resources/list, prompts/list, SSE streams, DNS rebinding.
  expect(passed.map(([name]) => name)).toEqual(
    expect.arrayContaining([
      'server-initialize',
      'ping',
      'logging-set-level',
      'tools-list',
      'resources-list',
      'prompts-list',
    ]),
  );
  for (const [name, checks] of failed)
    for (const check of checks.filter((one) => one.status === 'FAILURE'))
      expect(check.errorMessage, name).toMatch(
        /(Unknown tool: test_|no troupe resource is named test:\/\/|Resource test:\/\/.* not found|Prompt test_\w+ not found)/,
      );
  console.error(
    `conformance: ${passed.length} scenarios passed, ${failed.length} expected failures (fixtures)`,
  );
}, 600_000);
