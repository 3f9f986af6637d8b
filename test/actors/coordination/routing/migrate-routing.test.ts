/**
 * The routing rules the previous version's router stored move to this version's router
 * (id `routing`): converted from the real old store (test/fixtures/stores/old-v1), the old
 * state removed, still there after a restart, owned by who set them.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS, agentCaller } from '../../../../actors/coordination/caller.js';
import { listRoutingRules, removeRoutingRule } from '../../../../actors/coordination/routing/api.js';
import { convertRouter, migrateRouter } from '../../../../actors/coordination/routing/migrate-routing.js';
import { OldStore } from '../../../fixtures/coordination/old-store.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem | undefined;
afterEach(async () => {
  await work?.close();
  work = undefined;
});

it('moves the old rules into the router, and removes the old router', async () => {
  const old = await OldStore.open();
  work = new WorkSystem({ dataDir: old.dataDir });
  const report = await migrateRouter(work.system, old, Date.now());
  expect(report).toEqual({ from: 'router', migrated: 1, existing: 0, dropped: [], removed: true });
  const system = await work.restart(async () => expect(await old.applyRemovals()).not.toContain('router'));
  const rules = expectOk(await listRoutingRules(system, ANONYMOUS));
  expect(rules).toEqual([
    expect.objectContaining({
      taskType: 'review',
      target: { kind: 'role', role: 'reviewer' },
      setBy: 'ada',
      priority: 0,
    }),
  ]);
  const remove = { taskType: 'review', targetKind: 'role', target: 'reviewer' };
  expectRefused(await removeRoutingRule(system, agentCaller('bob'), remove), 'forbidden');
  expectOk(await removeRoutingRule(system, agentCaller('ada'), remove));
});

it('drops and reports rules that no longer fit', () => {
  const { rules, dropped } = convertRouter(
    {
      rules: {
        a: [
          { taskType: 'a', target: { kind: 'agent', agentId: 'bad id' } },
          { taskType: 'a', target: { kind: 'team', name: 'x' } },
          { taskType: 'a', target: { kind: 'role', role: 'r' }, priority: 5000, setBy: 'has space' },
        ],
        constructor: 'not a list',
      },
    },
    7,
  );
  expect(rules).toEqual([
    {
      taskType: 'a',
      target: { kind: 'role', role: 'r' },
      requiredCapabilities: [],
      priority: 1000,
      setBy: null,
      updatedAt: 7,
    },
  ]);
  expect(dropped).toHaveLength(2);
});
