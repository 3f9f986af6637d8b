/**
 * Evaluations through the facade: an agent evaluates another's contribution (seed 003's
 * fields; scores optional, as `{ criterion: score }` or a list, on 0..10), never its own;
 * the contributor must be registered; evaluations are listed by contributor (with its count
 * and mean score), by evaluator and by project, in pages, and kept across a restart.
 */
import { afterEach, expect, it } from 'vitest';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import { evaluateContribution, listEvaluations } from '../../../../actors/coordination/evaluations/api.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('stores evaluations by the contributor, refuses self-evaluation and bad scores, and lists them', async () => {
  const h = await AgentsHarness.open();
  harness = h;
  const { domain } = h;
  for (const id of ['ada', 'bob', 'cy']) await h.register(id);

  const seedOnly = accepted(
    await evaluateContribution(domain, as('bob'), {
      contributingAgentId: 'ada',
      contributionRef: 'commit-1',
      evaluationCriteria: { clarity: 'high', tests: ['unit'] },
      comments: 'clean',
    }),
  );
  expect(seedOnly).toMatchObject({
    evaluatorId: 'bob',
    contributorId: 'ada',
    contributionRef: 'commit-1',
    evaluationCriteria: { clarity: 'high', tests: ['unit'] },
    scores: [],
    meanScore: null,
    comments: 'clean',
    projectId: null,
  });
  const scored = accepted(
    await evaluateContribution(domain, as('cy'), {
      contributingAgentId: 'ada',
      contributionRef: 'pr-2',
      scores: JSON.parse('{"quality": 8, "__proto__": 5, "constructor": 3}') as Record<string, number>,
    }),
  );
  expect(scored.scores).toEqual([
    { criterion: 'quality', score: 8 },
    { criterion: '__proto__', score: 5 },
    { criterion: 'constructor', score: 3 },
  ]);
  expect(scored.meanScore).toBe(5.33);
  accepted(
    await evaluateContribution(domain, as('ada'), {
      contributingAgentId: 'bob',
      contributionRef: 'review-3',
      scores: [{ criterion: 'speed', score: 9 }],
    }),
  );

  expect(
    await evaluateContribution(domain, as('ada'), { contributingAgentId: 'ada', contributionRef: 'x' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'self_evaluation', field: 'contributing_agent_id' },
  });
  expect(
    await evaluateContribution(domain, as('ada'), { contributingAgentId: 'nobody', contributionRef: 'x' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'contributing_agent_id' },
  });
  expect(
    await evaluateContribution(domain, as('ada'), {
      contributingAgentId: 'bob',
      contributionRef: 'x',
      scores: { q: 11 },
    }),
  ).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'scores' } });
  expect(
    await evaluateContribution(domain, as('ada'), {
      contributingAgentId: 'bob',
      contributionRef: 'x',
      projectId: 'p-1',
    }),
  ).toMatchObject({ ok: false, error: { code: 'not_found', field: 'project_id' } });
  expect(
    await evaluateContribution(domain, ANONYMOUS, { contributingAgentId: 'bob', contributionRef: 'x' }),
  ).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });

  const ofAda = accepted(await listEvaluations(domain, { contributorId: 'ada' }));
  expect(ofAda.items.map((e) => e.contributionRef)).toEqual(['commit-1', 'pr-2']);
  expect(ofAda.summary).toEqual({ count: 2, meanScore: 5.33 });
  expect(accepted(await listEvaluations(domain, { evaluatorId: 'cy' })).items.map((e) => e.id)).toEqual([
    scored.id,
  ]);
  expect(
    accepted(await listEvaluations(domain, { contributorId: 'ada', evaluatorId: 'bob' })).items,
  ).toHaveLength(1);
  const page = accepted(await listEvaluations(domain, {}, { limit: 2 }));
  expect(page.items).toHaveLength(2);
  expect(page.summary).toBeNull();
  expect(
    accepted(await listEvaluations(domain, {}, { limit: 2, cursor: page.next_cursor ?? '' })).items,
  ).toHaveLength(1);

  await h.restart();
  expect(accepted(await listEvaluations(h.domain, { contributorId: 'ada' })).summary).toEqual({
    count: 2,
    meanScore: 5.33,
  });
});
