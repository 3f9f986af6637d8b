/**
 * `troupe inspect` against a real `troupe serve` (driven by an SDK client), as a separate
 * process attached through the data dir's endpoint: `waits --json` lists a lock wait while it
 * lasts (and `locks` shows the waiter), and the cycle the detector broke afterwards; `tree
 * --watch` redraws until its stdin ends; on a directory where no runtime runs it says so
 * clearly, exits non-zero and hosts nothing; `--web` serves the web inspector's page and its
 * event stream for the runtime it attaches to (and wants a token off loopback).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, caller, connect, freshDataDir, registerAgent, removeDataDirs } from '../../mcp/serve-client.js';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function inspect(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, env: { ...process.env, ...env } };
    execFile(process.execPath, [CLI, 'inspect', ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dataDir: string;
let client: Client;
let call: ReturnType<typeof caller>;
const token = new Map<string, string>();
const as = (agent: string) => ({ agent_id: agent, agent_token: token.get(agent) });

beforeAll(async () => {
  dataDir = join(freshDataDir('inspect'), 'data');
  client = await connect(dataDir);
  call = caller(client);
  for (const id of ['ada', 'bob']) token.set(id, await registerAgent(client, id));
}, 60_000);

afterAll(async () => {
  await client.close();
  removeDataDirs();
});

it('lists a lock wait while it lasts, then the cycle the detector broke', async () => {
  await call('acquire_file_lock', { path: 'left.ts', ...as('ada') });
  await call('acquire_file_lock', { path: 'right.ts', ...as('bob') });
  const adaWaits = call('acquire_file_lock', { path: 'right.ts', wait_s: 30, ...as('ada') });
  // ada's wait is in the graph: ada → bob, for right.ts.
  let during: { waits: { from: string; to: string; kind: string; about?: string }[] } = { waits: [] };
  for (let attempt = 0; attempt < 50 && during.waits.length === 0; attempt++) {
    const ran = await inspect(['waits', '--json', '--data-dir', dataDir]);
    expect(ran.code).toBe(0);
    during = JSON.parse(ran.stdout);
  }
  expect(during.waits).toEqual([
    expect.objectContaining({ from: 'agent:ada', to: 'agent:bob', kind: 'lock', about: 'right.ts' }),
  ]);
  const locks = await inspect(['locks', '--data-dir', dataDir]);
  expect(locks.stdout).toMatch(/right\.ts\s+bob\s+.*\s+ada\s*$/m);

  const bobWaits = await call('acquire_file_lock', { path: 'left.ts', wait_s: 30, ...as('bob') });
  expect(bobWaits.error).toMatchObject({ code: 'deadlock' });
  await call('release_file_lock', { path: 'right.ts', ...as('bob') });
  expect((await adaWaits).lease).toMatchObject({ holder_id: 'ada' });

  const after = await inspect(['waits', '--json', '--data-dir', dataDir]);
  expect(after.code).toBe(0);
  const { waits, deadlocks } = JSON.parse(after.stdout) as {
    waits: unknown[];
    deadlocks: { cycle: string[]; victim: { from: string; kind: string; about?: string } }[];
  };
  expect(waits).toEqual([]);
  expect(deadlocks).toHaveLength(1);
  expect([...(deadlocks[0]?.cycle ?? [])].sort()).toEqual(['agent:ada', 'agent:bob', 'agent:bob'].sort());
  expect(deadlocks[0]?.victim).toMatchObject({ from: 'agent:bob', kind: 'lock', about: 'left.ts' });
  const text = await inspect(['waits', '--data-dir', dataDir]);
  expect(text.stdout).toMatch(/recent deadlocks: 1\n.*agent:bob → agent:ada → agent:bob/);
}, 120_000);

it('shows workflow runs and their steps: an agent its own runs (--agent), nobody else', async () => {
  await call('define_workflow', {
    name: 'Note',
    version: '1',
    steps: [{ step_id: 'write', description: 'write the note', assigned_agent_id: 'ada', depends_on: [] }],
  });
  const started = await call('execute_workflow', {
    workflow_id: 'Note',
    triggering_agent_id: 'ada',
    ...as('ada'),
  });
  const runId = started.run_id as string;
  expect(runId).toEqual(expect.any(String));

  const mine = await inspect(['runs', '--agent', 'ada', '--data-dir', dataDir], {
    TROUPE_AGENT_TOKEN: token.get('ada'),
  });
  expect(mine.code, mine.stderr).toBe(0);
  expect(mine.stdout).toContain(`${runId}  Note@1  running`);
  expect(mine.stdout).toMatch(/^ {2}write +\w+ +attempts 1$/m);
  const json = await inspect(['runs', '--json', '--agent', 'ada', '--data-dir', dataDir], {
    TROUPE_AGENT_TOKEN: token.get('ada'),
  });
  expect(JSON.parse(json.stdout).runs).toEqual([
    expect.objectContaining({
      runId,
      status: 'running',
      steps: [expect.objectContaining({ name: 'write' })],
    }),
  ]);
  // A run is its starter's: anonymous and another agent see none of it.
  expect((await inspect(['runs', '--data-dir', dataDir])).stdout).toBe('no workflow runs\n');
  const bobs = await inspect(['runs', '--agent', 'bob', '--data-dir', dataDir], {
    TROUPE_AGENT_TOKEN: token.get('bob'),
  });
  expect(bobs.stdout).toBe('no workflow runs\n');
  // A wrong token is refused, clearly.
  const forged = await inspect(['runs', '--agent', 'ada', '--data-dir', dataDir], {
    TROUPE_AGENT_TOKEN: 'not-it',
  });
  expect(forged.code).toBe(1);
  expect(forged.stderr).toMatch(/^troupe inspect: list_workflow_runs refused: .*unauthorized/);
}, 120_000);

it('redraws the tree with --watch until its stdin ends', async () => {
  const child = spawn(
    process.execPath,
    [CLI, 'inspect', 'tree', '--watch', '--interval', '200', '--data-dir', dataDir],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  const frames = () => stdout.split('\x1b[2J\x1b[H').filter((frame) => frame.length > 0);
  const twoFrames = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (frames().length >= 2 && stdout.endsWith('\n') && frames()[1]?.includes('change-watch')) resolve();
    });
  });
  await twoFrames;
  for (const frame of frames().slice(0, 2)) {
    expect(frame).toMatch(/^troupe inspect tree — .* \(every 200 ms; Ctrl-C to stop\)\n/);
    expect(frame).toMatch(/supervision tree: \d+ actors/);
    expect(frame).toMatch(/├─ change-watch {2}\(ChangeWatch · thread \d+ · active/);
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdin.end();
  expect(await exited).toBe(0);
}, 60_000);

it('says clearly that no runtime runs on a directory, exits non-zero, and starts none', async () => {
  const empty = freshDataDir('inspect-empty');
  const ran = await inspect(['tree', '--data-dir', empty]);
  expect(ran.code).toBe(1);
  expect(ran.stdout).toBe('');
  expect(ran.stderr).toMatch(
    /^troupe inspect: no troupe runtime is running on .*inspect-empty.* \(nothing answers on its endpoint\); start one with `troupe serve --data-dir/,
  );
  // Read-only: it did not host a runtime there (no store was opened).
  expect(existsSync(join(empty, 'data.mdb'))).toBe(false);

  const missing = await inspect(['agents', '--data-dir', join(empty, 'not-there')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/the directory does not exist/);
  expect(existsSync(join(empty, 'not-there'))).toBe(false);

  const usage = await inspect(['everything', '--data-dir', empty]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^troupe inspect: view: /);
}, 60_000);

it('serves the web inspector with --web, attached to the runtime it reads, streaming its views', async () => {
  const child = spawn(process.execPath, [CLI, 'inspect', '--web', '127.0.0.1:0', '--data-dir', dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const found = /is at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`inspect --web exited ${code}`)));
  });
  try {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('troupe <span class="dim">inspector</span>');
    const state = (await (await fetch(`${base}/inspector/state`)).json()) as {
      views: { view: string; agents?: { id: string }[] }[];
    };
    const agents = state.views.find((slot) => slot.view === 'agents')?.agents?.map((agent) => agent.id);
    expect(agents?.sort()).toEqual(['ada', 'bob']);
    // The event stream: a snapshot of every view at once.
    const stream = await fetch(`${base}/inspector/events`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (stream.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    expect(text).toMatch(/^event: snapshot\ndata: \{"at":/);
    await reader.cancel();
    // Read-only: nothing but GET.
    expect((await fetch(`${base}/inspector/state`, { method: 'POST' })).status).toBe(405);
  } finally {
    child.stdin.end();
  }
  expect(await exited).toBe(0);
  // It was attached, never the host: the runtime goes on serving its own session.
  expect((await client.readResource({ uri: 'troupe://agents' })).contents).toHaveLength(1);
  // Off loopback it needs the bearer token, as `troupe serve --http` does.
  const open = await inspect(['--web', '0.0.0.0:0', '--data-dir', dataDir], { TROUPE_HTTP_TOKEN: '' });
  expect(open.code).toBe(2);
  expect(open.stderr).toMatch(
    /^troupe inspect: --http-token: --web on 0\.0\.0\.0 \(not loopback\) needs a bearer token/,
  );
}, 60_000);
