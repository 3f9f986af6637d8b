/**
 * The session board the previous version stored becomes a session actor per session:
 * converted from the real old store (test/fixtures/stores/old-v1) with its values and their
 * versions, the old state removed, still there after a restart. Old data that no longer fits
 * (bad ids, over-long keys, expired values) is dropped and reported.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS, agentCaller, type Caller } from '../../../../actors/coordination/caller.js';
import {
  getSessionState,
  listSessions,
  setSessionState,
} from '../../../../actors/coordination/sessions/api.js';
import {
  convertSessionBoard,
  migrateSessionBoard,
} from '../../../../actors/coordination/sessions/migrate-sessions.js';
import { OldStore } from '../../../fixtures/coordination/old-store.js';
import { expectOk, expectRefused, WorkSystem } from '../../../fixtures/coordination/work-system.js';

let work: WorkSystem | undefined;
afterEach(async () => {
  await work?.close();
  work = undefined;
});

it('moves the old session board into session actors, with their values, and removes it', async () => {
  const old = await OldStore.open();
  const sessionId = old.manifest.session.session.id;
  work = new WorkSystem({ dataDir: old.dataDir });
  const report = await migrateSessionBoard(work.system, old, Date.now());
  expect(report).toEqual({ from: 'session-board', migrated: 1, existing: 0, dropped: [], removed: true });
  const system = await work.restart(async () =>
    expect(await old.applyRemovals()).not.toContain('session-board'),
  );

  const ada: Caller = agentCaller('ada');
  const state = expectOk(await getSessionState(system, ada, { sessionId }));
  expect(state.session).toMatchObject({
    title: 'parser work',
    coordinatorId: 'ada',
    participantIds: ['ada', 'bob', 'cy'],
    createdBy: 'ada',
  });
  expect(state.values.map((v) => [v.key, v.value, v.version, v.updatedBy])).toEqual([
    ['notes', 42, 1, 'bob'],
    ['plan', { steps: ['lex', 'parse'] }, 1, 'ada'],
  ]);
  expect(
    expectOk(await listSessions(system, ANONYMOUS, { participantId: 'cy' })).items.map((s) => s.id),
  ).toEqual([sessionId]);
  expectRefused(
    await setSessionState(system, agentCaller('bob'), {
      sessionId,
      key: 'notes',
      value: 43,
      expectedVersion: 0,
    }),
    'version_conflict',
  );
  expect(
    expectOk(
      await setSessionState(system, agentCaller('bob'), {
        sessionId,
        key: 'notes',
        value: 43,
        expectedVersion: 1,
      }),
    ).version,
  ).toBe(2);
  expectRefused(await getSessionState(system, agentCaller('mallory'), { sessionId }), 'forbidden');
});

it('drops and reports what no longer fits, never trusting the old shapes', () => {
  const now = 10_000;
  const state = {
    sessions: {
      s1: {
        id: 's1',
        coordinatorId: 'lead',
        participantIds: ['lead', 'has space', 'lead', 7],
        state: {
          __proto_: { value: 1, version: 3, updatedBy: 'lead', updatedAt: 5 },
          ['k'.repeat(300)]: { value: 2 },
          gone: { value: 3, expiresAt: now - 1 },
          later: { value: 4, expiresAt: now + 1, version: 'x' },
        },
      },
      bad: { id: 'a b' },
    },
  };
  const { seeds, dropped } = convertSessionBoard(state, now);
  expect(seeds).toHaveLength(1);
  expect(seeds[0]?.session).toMatchObject({ id: 's1', participantIds: ['lead'], title: 's1', open: false });
  expect(seeds[0]?.values.map((v) => [v.key, v.value, v.version])).toEqual([
    ['__proto_', 1, 3],
    ['later', 4, 1],
  ]);
  expect(dropped).toHaveLength(3);
});
