/**
 * Scale: registering agents costs the same for the first thousand and the tenth (each is its
 * own actor writing a few index entries), and `findAgents` pages through all of them with
 * its cursor. Timings are reported (TROUPE_SCALE_REPORT=1, to stderr), never asserted;
 * TROUPE_SCALE_COUNT sets the number of agents (default 10,000).
 */
import { afterEach, expect, it } from 'vitest';
import { findAgents, registerAgent } from '../../../../actors/coordination/agents/api.js';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import { AgentsHarness, accepted } from '../../../fixtures/coordination/agents-harness.js';

const COUNT = Number(process.env.TROUPE_SCALE_COUNT ?? 10_000);
const IN_FLIGHT = 64;

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it(`registers ${COUNT} agents and finds them all, page by page`, async () => {
  const h = await AgentsHarness.open();
  harness = h;
  // Warm up: the first spawn on each thread loads the code there.
  for (let n = 0; n < 16; n++) await h.register(`warm-${n}`);
  const answeredAt: number[] = [];
  let next = 0;
  const started = performance.now();
  const registrar = async () => {
    while (next < COUNT) {
      const n = next++;
      accepted(
        await registerAgent(h.domain, ANONYMOUS, {
          id: `agent-${String(n).padStart(6, '0')}`,
          name: `Agent ${n}`,
          role: `role-${n % 10}`,
          modelType: 'llm',
          modelVersion: '1',
          capabilities: [`skill-${n % 7}`, 'common'],
        }),
      );
      answeredAt.push(performance.now());
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, registrar));
  const elapsed = performance.now() - started;

  let seen = 0;
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = accepted(
      await findAgents(h.domain, { capabilities: ['common'] }, { limit: 500, ...(cursor ? { cursor } : {}) }),
    );
    seen += page.items.length;
    cursor = page.next_cursor ?? undefined;
    pages++;
  } while (cursor);
  expect(seen).toBe(COUNT);
  expect(pages).toBe(Math.ceil(COUNT / 500));
  expect(
    accepted(await findAgents(h.domain, { role: 'role-3', capabilities: ['skill-3'] }, { limit: 500 })).items
      .length,
  ).toBeGreaterThan(0);

  if (process.env.TROUPE_SCALE_REPORT) {
    const thousands: number[] = [];
    for (let at = 0; at + 1_000 <= COUNT; at += 1_000)
      thousands.push(Math.round((answeredAt[at + 999] ?? 0) - (answeredAt[at - 1] ?? started)));
    const tenth = Math.max(1, Math.floor(thousands.length / 10));
    const mean = (costs: number[]) => Math.round(costs.reduce((sum, c) => sum + c, 0) / costs.length);
    process.stderr.write(
      `scale: ${COUNT} registrations in ${(elapsed / 1000).toFixed(1)} s, ${Math.round(COUNT / (elapsed / 1000))}/s; ` +
        `ms per 1,000: first 10% ${mean(thousands.slice(0, tenth))}, last 10% ${mean(thousands.slice(-tenth))} ` +
        `(first three ${thousands.slice(0, 3).join(', ')}; last three ${thousands.slice(-3).join(', ')})\n`,
    );
  }
}, 300_000);
