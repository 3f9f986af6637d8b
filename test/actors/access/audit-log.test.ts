/**
 * The audit log (`actors/access/audit/`) on a real durable runtime: appends acknowledged once
 * committed (and kept across a restart), queries by agent, action and time in pages, and the
 * retention's durable timer pruning what is older — driven by a manual clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { queryAuditEvents, startAuditLog } from '../../../actors/access/audit/api.js';
import type { AuditEntry } from '../../../actors/access/audit/audit-event.js';
import { type ActorSystem, createActorSystem, createManualClock } from '../../../src/kernel/index.js';
import { until } from '../../helpers/until.js';

const clock = createManualClock(Date.UTC(2026, 0, 1));
let system: ActorSystem | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function entry(agentId: string | null, action: string, at: number): AuditEntry {
  return {
    at,
    agentId,
    principal: agentId === null ? 'anonymous' : 'agent',
    sessionId: 'mcp-1',
    tenantId: null,
    userId: null,
    action,
    targets: { agent_id: agentId ?? 'none' },
    outcome: 'refused',
    errorCode: 'forbidden',
    argsHash: '0'.repeat(64),
  };
}

it('appends in batches, answers queries by agent, action and time in pages, keeps events across a restart', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-audit-'));
  system = createActorSystem({ threads: 1, dataDir, clock });
  const log = await startAuditLog(system, null);
  const t0 = clock.now();
  await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      log.append(entry(i % 3 === 0 ? 'a1' : 'a2', i % 2 ? 'send_message' : 'heartbeat', t0 + i)),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  const all = queryAuditEvents(system, {});
  expect(all.ok && all.value.events.length).toBe(30);
  const a1 = queryAuditEvents(system, { agentId: 'a1' });
  expect(a1.ok && a1.value.events.map((event) => event.at - t0)).toEqual([
    0, 3, 6, 9, 12, 15, 18, 21, 24, 27,
  ]);
  const a1Sends = queryAuditEvents(system, { agentId: 'a1', action: 'send_message' });
  expect(a1Sends.ok && a1Sends.value.events.map((event) => event.at - t0)).toEqual([3, 9, 15, 21, 27]);
  const window = queryAuditEvents(system, { start: t0 + 10, end: t0 + 14 });
  expect(window.ok && window.value.events.map((event) => event.at - t0)).toEqual([10, 11, 12, 13, 14]);
  const first = queryAuditEvents(system, { action: 'heartbeat', limit: 10 });
  expect(first.ok && first.value.nextCursor).toBeTypeOf('string');
  const second = queryAuditEvents(system, {
    action: 'heartbeat',
    limit: 10,
    cursor: (first.ok && first.value.nextCursor) as string,
  });
  expect(second.ok && second.value.events.map((event) => event.at - t0)).toEqual([20, 22, 24, 26, 28]);
  expect(queryAuditEvents(system, { limit: 5_000 })).toMatchObject({ ok: false, error: { field: 'limit' } });
  expect(queryAuditEvents(system, { agentId: '__proto__' })).toMatchObject({
    ok: true,
    value: { events: [] },
  });

  await system.shutdown();
  system = createActorSystem({ threads: 1, dataDir, clock });
  await startAuditLog(system, null);
  const after = queryAuditEvents(system, {});
  expect(after.ok && after.value.events.length).toBe(30);
});

it('prunes events older than the retention with its durable timer', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-audit-'));
  system = createActorSystem({ threads: 1, dataDir, clock });
  // Pruned every second (a tenth of the retention, at least a second): the timer's wake-up is real time.
  const retention = 10_000;
  const log = await startAuditLog(system, retention);
  const t0 = clock.now();
  for (let i = 0; i < 5; i++) await log.append(entry('old', 'heartbeat', t0 + i));
  clock.advance(retention + 5_000);
  await log.append(entry('new', 'heartbeat', clock.now()));
  clock.advance(1_000);
  const running = system;
  await until(() => {
    const page = queryAuditEvents(running, {});
    return page.ok && page.value.events.length === 1;
  }, 10_000);
  const left = queryAuditEvents(running, {});
  expect(left.ok && left.value.events.map((event) => event.agentId)).toEqual(['new']);
});
