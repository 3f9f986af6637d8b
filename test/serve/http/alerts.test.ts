/**
 * Alerts on `troupe serve --http`, end to end, one troupe process for the file: a config file
 * with only an `alerts` section (no gateway starts) whose rule watches a real metric
 * (`troupe_mcp_sessions_open`): a second MCP session makes it fire after `for_s` — its webhook
 * (a loopback HTTP server here) hears it, and so does the agent subscribed to `alert` system
 * events (an inbox message) — and ending that session resolves it. `list_alerts` is checked
 * against its output schema by the SDK client, as an MCP host does; `troupe://alerts` (a
 * subscribed session hears each firing and resolution) and
 * `GET /monitoring/dashboard` (seed 004's shape, behind the request guard) show the same; and
 * a changed `alerts` section is picked up without a restart. A bad `alerts` section is refused
 * at start (exit 2), naming its path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, expect, it } from 'vitest';
import { until } from '../../helpers/until.js';
import { CLI, caller, registerAgent } from '../../mcp/serve-client.js';
import { connectHttp, startTroupe, stopTroupes } from './http-troupe.js';

const dir = mkdtempSync(join(tmpdir(), 'troupe-alerts-'));
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await stopTroupes();
  for (const close of closers) await close();
  rmSync(dir, { recursive: true, force: true });
});

interface HookBody {
  readonly alert: {
    readonly name: string;
    readonly status: string;
    readonly value: number;
    readonly expr: string;
  };
}

async function loopbackHook(): Promise<{ url: string; received: HookBody[] }> {
  const received: HookBody[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(JSON.parse(body) as HookBody);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

it('fires and resolves a rule over a live metric, and shows it through list_alerts, troupe://alerts and the dashboard', async () => {
  const hook = await loopbackHook();
  const configFile = join(dir, 'troupe.config.json');
  const rule = {
    name: 'two-sessions',
    expr: 'troupe_mcp_sessions_open >= 2',
    for_s: 0.3,
    severity: 'high',
    description: 'a second MCP session is open',
    actions: ['log', 'notify', { webhook: hook.url }],
  };
  writeFileSync(configFile, JSON.stringify({ alerts: [rule] }));
  const troupe = await startTroupe({ args: ['--config', configFile, '--alert-interval-s', '0.1'] });
  const { client } = await connectHttp(troupe);
  const call = caller(client);

  // A file with only `alerts` starts no gateway; list_alerts is listed.
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  expect(names).toContain('list_alerts');
  expect(names).not.toContain('get_server_status');

  // An agent subscribed to `alert` system events hears the notify action.
  const token = await registerAgent(client, 'watcher');
  const subscribed = await call('subscribe_system_events', {
    agent_id: 'watcher',
    agent_token: token,
    event_types: ['alert'],
  });
  expect(subscribed.error).toBeUndefined();

  const listAlerts = async (args: Record<string, unknown> = {}) => {
    // The SDK client checks structuredContent against the tool's output schema (it throws otherwise).
    const result = await client.callTool({ name: 'list_alerts', arguments: args });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as {
      alerts: { name: string; state: string; value: number | null; actions: string[] }[];
      counts: { total: number; pending: number; firing: number; resolved: number };
      history: { seq: number; name: string; status: string; value: number; at: string }[];
      next_cursor: string | null;
    };
  };
  expect((await listAlerts()).alerts).toEqual([
    expect.objectContaining({
      name: 'two-sessions',
      state: 'inactive',
      actions: ['log', 'notify', 'webhook'],
    }),
  ]);

  // This session follows troupe://alerts.
  const updates: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    updates.push(notification.params.uri);
  });
  await client.subscribeResource({ uri: 'troupe://alerts' });

  // A second session: the rule fires once the condition held for_s.
  const second = await connectHttp(troupe);
  await until(() => hook.received.length >= 1, 10_000, 20);
  expect(hook.received[0]?.alert).toMatchObject({
    name: 'two-sessions',
    status: 'firing',
    value: 2,
    expr: rule.expr,
  });
  await until(() => updates.length >= 1, 10_000, 20);
  expect(updates).toEqual(['troupe://alerts']);
  const firing = await listAlerts();
  expect(firing.alerts[0]).toMatchObject({ state: 'firing', value: 2 });
  expect(firing.counts).toEqual({ total: 1, pending: 0, firing: 1, resolved: 0 });
  await until(
    async () => {
      const inbox = await call('fetch_inbox', { agent_id: 'watcher', agent_token: token });
      return (inbox.messages as unknown[]).length > 0;
    },
    10_000,
    50,
  );
  const inbox = await call('fetch_inbox', { agent_id: 'watcher', agent_token: token });
  expect(inbox.messages).toEqual([
    expect.objectContaining({
      content: {
        event_type: 'alert',
        data: expect.objectContaining({ name: 'two-sessions', status: 'firing', severity: 'high' }),
      },
      urgent: true,
    }),
  ]);

  // The second session ends: the rule resolves.
  await second.transport.terminateSession();
  await second.client.close();
  await until(() => hook.received.length >= 2, 10_000, 20);
  expect(hook.received[1]?.alert).toMatchObject({ name: 'two-sessions', status: 'resolved', value: 1 });
  await until(() => updates.length >= 2, 10_000, 20);
  const resolved = await listAlerts();
  expect(resolved.alerts[0]).toMatchObject({ state: 'resolved', value: 1 });
  expect(resolved.history.map((event) => event.status)).toEqual(['resolved', 'firing']);

  // The history is paged, newest first.
  const first = await listAlerts({ limit: 1 });
  expect(first.history.map((event) => event.status)).toEqual(['resolved']);
  expect(first.next_cursor).not.toBeNull();
  const next = await listAlerts({ limit: 1, cursor: first.next_cursor });
  expect(next.history.map((event) => event.status)).toEqual(['firing']);
  expect(next.next_cursor).toBeNull();
  const refused = await client.callTool({ name: 'list_alerts', arguments: { cursor: 'x' } });
  expect(refused.isError).toBe(true);
  expect(JSON.stringify(refused.content)).toContain('cursor');

  // The resource shows the same.
  const resource = await client.readResource({ uri: 'troupe://alerts' });
  const shown = JSON.parse((resource.contents[0] as { text: string }).text) as typeof resolved;
  expect(shown.alerts[0]).toMatchObject({ name: 'two-sessions', state: 'resolved' });
  expect(shown.history).toHaveLength(2);

  // The dashboard, in seed 004's shape, behind the same guard as every route.
  const response = await fetch(new URL('/monitoring/dashboard', troupe.base));
  expect(response.status).toBe(200);
  const dashboard = (await response.json()) as Record<string, Record<string, unknown>>;
  expect(Object.keys(dashboard).sort()).toEqual(['alerts', 'healthChecks', 'metrics', 'traces']);
  expect(dashboard.alerts).toEqual({ total: 1, firing: 0, resolved: 1, pending: 0 });
  expect(dashboard.metrics?.active_sessions).toEqual({ latest: 1, trend: 0 });
  for (const value of Object.values(dashboard.metrics ?? {}))
    expect(value).toEqual({ latest: expect.any(Number), trend: expect.any(Number) });
  const traces = dashboard.traces as { total: number; successRate: number; averageDuration: number };
  expect(traces.total).toBeGreaterThan(5);
  expect(traces.successRate).toBeGreaterThan(0);
  expect(traces.successRate).toBeLessThan(100); // the refused cursor was an error
  expect(traces.averageDuration).toBeGreaterThan(0);
  const health = dashboard.healthChecks as {
    total: number;
    healthy: number;
    degraded: number;
    unhealthy: number;
  };
  expect(health.total).toBeGreaterThan(0);
  expect(health.healthy + health.degraded + health.unhealthy).toBe(health.total);
  const foreign = await fetch(new URL('/monitoring/dashboard', troupe.base), {
    headers: { origin: 'http://evil.example' },
  });
  expect(foreign.status).toBe(403);

  // A changed alerts section is picked up without a restart; the kept rule keeps its state.
  writeFileSync(
    configFile,
    JSON.stringify({ alerts: [rule, { name: 'any-agent', expr: 'troupe_agents >= 1', severity: 'low' }] }),
  );
  await until(async () => (await listAlerts()).alerts.length === 2, 10_000, 50);
  const reloaded = await listAlerts();
  expect(reloaded.alerts.map((alert) => [alert.name, alert.state])).toEqual([
    ['two-sessions', 'resolved'],
    ['any-agent', expect.stringMatching(/^(inactive|pending|firing)$/)],
  ]);
  expect(troupe.stderr()).toContain('troupe serve: alerts config reloaded');
  await client.close();
}, 60_000);

it('refuses a bad alerts section at start, naming its path (exit code 2, on stderr)', () => {
  const configFile = join(dir, 'bad.json');
  writeFileSync(configFile, JSON.stringify({ alerts: [{ name: 'x', expr: 'errors are high' }] }));
  const run = spawnSync(process.execPath, [CLI, 'serve', '--durability', 'memory', '--config', configFile], {
    input: '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("the config's alerts section is invalid");
  expect(run.stderr).toContain('alerts[0].expr');
});
