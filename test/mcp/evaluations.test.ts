/**
 * `evaluate_contribution(evaluating_agent_id, contributing_agent_id, contribution_ref,
 * evaluation_criteria?, comments?)` over stdio with exactly the seed's parameters, troupe's
 * optional scores and older `agent_id`, the refusals (`self_evaluation`, `unknown_agent`,
 * another session without the token), and `list_evaluations` with the contributor's totals.
 */
import { afterEach, expect, it } from 'vitest';
import { caller, connect, freshDataDir, registerAgent, removeDataDirs } from './serve-client.js';

afterEach(removeDataDirs);

it('evaluates a contribution as seed 003 says and lists the evaluations with their totals', async () => {
  const dataDir = freshDataDir('evaluations');
  const client = await connect(dataDir);
  const call = caller(client);
  await registerAgent(client, 'lead');
  await registerAgent(client, 'coder');

  const seed = await call('evaluate_contribution', {
    evaluating_agent_id: 'lead',
    contributing_agent_id: 'coder',
    contribution_ref: 'commit:abc123',
    evaluation_criteria: { correctness: 'all tests pass', style: 'house style' },
    comments: 'clean work',
  });
  expect(seed.evaluation).toMatchObject({
    evaluating_agent_id: 'lead',
    contributing_agent_id: 'coder',
    contribution_ref: 'commit:abc123',
    evaluation_criteria: { correctness: 'all tests pass', style: 'house style' },
    comments: 'clean work',
    scores: [],
    mean_score: null,
    project_id: null,
  });
  expect((seed.evaluation as { created_at: string }).created_at).toMatch(/Z$/);
  expect(seed.orchestration).toMatchObject({ agent_id: 'lead', handled_by: 'agent:coder' });
  const scored = await call('evaluate_contribution', {
    agent_id: 'lead',
    contributing_agent_id: 'coder',
    contribution_ref: 'task:T-2',
    // Criteria are user text: built-in names are criteria like any other (as a list: an object key
    // `__proto__` does not survive the SDK's own parse of the request).
    scores: [
      { criterion: '__proto__', score: 6 },
      { criterion: 'constructor', score: 8 },
    ],
  });
  expect(scored.evaluation).toMatchObject({ mean_score: 7 });

  expect(
    (
      await call('evaluate_contribution', {
        evaluating_agent_id: 'coder',
        contributing_agent_id: 'coder',
        contribution_ref: 'x',
      })
    ).error,
  ).toMatchObject({
    code: 'self_evaluation',
    field: 'contributing_agent_id',
  });
  expect(
    (
      await call('evaluate_contribution', {
        evaluating_agent_id: 'lead',
        contributing_agent_id: 'ghost',
        contribution_ref: 'x',
      })
    ).error,
  ).toMatchObject({
    code: 'unknown_agent',
    field: 'contributing_agent_id',
  });
  expect(
    (
      await call('evaluate_contribution', {
        evaluating_agent_id: 'lead',
        contributing_agent_id: 'coder',
        contribution_ref: 'x',
        scores: { a: 11 },
      })
    ).error,
  ).toMatchObject({
    code: 'invalid_argument',
  });

  const listed = await call('list_evaluations', { contributing_agent_id: 'coder' });
  expect((listed.evaluations as { contribution_ref: string }[]).map((e) => e.contribution_ref)).toEqual([
    'commit:abc123',
    'task:T-2',
  ]);
  expect(listed.summary).toEqual({ count: 2, mean_score: 7 });
  expect(listed.next_cursor).toBeNull();
  expect((await call('list_evaluations', { evaluating_agent_id: 'coder' })).evaluations).toEqual([]);

  const other = await connect(dataDir);
  expect(
    (
      await caller(other)('evaluate_contribution', {
        evaluating_agent_id: 'lead',
        contributing_agent_id: 'coder',
        contribution_ref: 'x',
      })
    ).error,
  ).toMatchObject({
    code: 'unauthorized',
    field: 'agent_token',
  });
  await other.close();
  await client.close();
}, 120_000);
