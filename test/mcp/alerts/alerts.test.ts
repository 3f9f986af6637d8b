/**
 * Alert rules over a metrics registry: a rule fires once its condition held `for_s` and
 * resolves when it stops holding — its webhook (a loopback HTTP server here) hears both —
 * with `rate(…)` and `error_rate` subjects; and a bad `alerts` section is refused with
 * errors naming each path. The engine is driven with explicit times (no waiting).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, expect, it } from 'vitest';
import { AlertConfigError, parseAlertRules } from '../../../src/mcp/alerts/alert-config.js';
import { AlertEngine } from '../../../src/mcp/alerts/alert-engine.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function loopbackHook(): Promise<{ url: string; received: unknown[] }> {
  const received: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

it('fires after for_s, resolves when the condition stops holding, and tells the webhook both', async () => {
  const hook = await loopbackHook();
  const registry = new Registry();
  const letters = new Counter({
    name: 'troupe_dead_letters_total',
    help: 'x',
    labelNames: ['reason'],
    registers: [registry],
  });
  const operations = { total: 0, failed: 0 };
  const rules = parseAlertRules({
    alerts: [
      {
        name: 'dead-letters',
        expr: 'rate(troupe_dead_letters_total{reason="mailbox-full"}) > 1',
        for_s: 2,
        severity: 'high',
        actions: ['log', 'notify', { webhook: hook.url }],
      },
      { name: 'errors', expr: 'error_rate > 5', for_s: 0, severity: 'critical' },
    ],
  });
  const notified: string[] = [];
  const engine = new AlertEngine({ rules, registry, operations });
  engine.subscribe((event) => notified.push(`${event.name}:${event.status}`));

  await engine.evaluate(0);
  letters.inc({ reason: 'mailbox-full' }, 10);
  letters.inc({ reason: 'stopped' }, 100);
  await engine.evaluate(1_000); // 10/s: holds, pending
  expect(engine.statuses()[0]).toMatchObject({ state: 'pending', value: 10, since: 1_000 });
  letters.inc({ reason: 'mailbox-full' }, 10);
  await engine.evaluate(2_000);
  expect(engine.statuses()[0]?.state).toBe('pending');
  letters.inc({ reason: 'mailbox-full' }, 10);
  await engine.evaluate(3_000); // held 2 s: fires
  expect(engine.statuses()[0]?.state).toBe('firing');
  await engine.evaluate(4_000); // nothing new: 0/s, resolved
  expect(engine.statuses()[0]).toMatchObject({ state: 'inactive', value: 0 });

  expect(engine.history().map((event) => [event.name, event.status, event.at])).toEqual([
    ['dead-letters', 'firing', 3_000],
    ['dead-letters', 'resolved', 4_000],
  ]);
  expect(notified).toEqual(['dead-letters:firing', 'dead-letters:resolved']);
  expect(hook.received).toEqual([
    {
      alert: expect.objectContaining({ name: 'dead-letters', status: 'firing', severity: 'high', value: 10 }),
    },
    { alert: expect.objectContaining({ name: 'dead-letters', status: 'resolved', value: 0 }) },
  ]);

  // error_rate: the share of MCP requests that failed since the previous evaluation, in percent.
  operations.total += 10;
  operations.failed += 1;
  await engine.evaluate(5_000);
  expect(engine.statuses()[1]).toMatchObject({ state: 'firing', value: 10 });
  operations.total += 100;
  await engine.evaluate(6_000);
  expect(engine.statuses()[1]).toMatchObject({ state: 'inactive', value: 0 });
});

it('refuses a bad alerts section, naming the path of every problem', () => {
  const refused = (alerts: unknown) => {
    try {
      parseAlertRules({ alerts });
    } catch (error) {
      expect(error).toBeInstanceOf(AlertConfigError);
      return error as AlertConfigError;
    }
    throw new Error('not refused');
  };
  const error = refused([
    { name: 'ok', expr: 'error_rate > 5' },
    { name: 'bad expr', expr: 'error_rate >', severity: 'urgent', actions: ['page', { webhook: 'ftp://x' }] },
  ]);
  expect(error.code).toBe('invalid_option');
  expect(error.issues.map((issue) => issue.path)).toEqual(
    expect.arrayContaining([
      'alerts[1].name',
      'alerts[1].severity',
      'alerts[1].actions[0]',
      'alerts[1].actions[1]',
    ]),
  );
  expect(error.field).toBe(error.issues[0]?.path);
  expect(refused([{ name: 'x', expr: 'nonsense' }]).field).toBe('alerts[0].expr');
  expect(
    refused([
      { name: 'x', expr: 'a > 1' },
      { name: 'x', expr: 'b > 1' },
    ]).field,
  ).toBe('alerts[1].name');
  expect(refused({ name: 'x' }).field).toBe('alerts');
  expect(parseAlertRules({ mcpServers: {} })).toEqual([]);
});

it('replaces its rules on a reload: a rule kept as it was keeps its state, a changed one starts over', async () => {
  const registry = new Registry();
  const open = new Counter({ name: 'troupe_things_total', help: 'x', registers: [registry] });
  open.inc(5);
  const rules = (forS: number, threshold: number) =>
    parseAlertRules({
      alerts: [
        { name: 'kept', expr: 'troupe_things_total > 1', for_s: forS },
        { name: 'changed', expr: `troupe_things_total > ${threshold}` },
      ],
    });
  const engine = new AlertEngine({ rules: rules(10, 1), registry });
  await engine.evaluate(0);
  expect(engine.statuses().map((status) => [status.name, status.state])).toEqual([
    ['kept', 'pending'],
    ['changed', 'firing'],
  ]);
  engine.replaceRules([
    ...rules(10, 100),
    ...parseAlertRules({ alerts: [{ name: 'added', expr: 'troupe_things_total < 1' }] }),
  ]);
  expect(engine.statuses().map((status) => [status.name, status.state, status.since])).toEqual([
    ['kept', 'pending', 0],
    ['changed', 'inactive', null],
    ['added', 'inactive', null],
  ]);
  await engine.evaluate(10_000); // `kept` held since 0: it fires now
  expect(engine.statuses().map((status) => status.state)).toEqual(['firing', 'inactive', 'inactive']);
  expect(engine.history().map((event) => [event.seq, event.name, event.status])).toEqual([
    [1, 'changed', 'firing'],
    [2, 'kept', 'firing'],
  ]);
});
