/**
 * The flood of issue 10 at the domain level: many `sendMessage` calls to one agent, 256 in
 * flight, commit mode, the watchdog on, the change watch told of each message. Every send
 * answered with a message is in the inbox exactly once — live and after a restart on the
 * same data directory — the sends over the cap are refused `inbox_full`, nothing else
 * fails, and no worker thread is replaced.
 *
 * CI runs 20,000 sends with the cap at 5,000. The full size of the issue:
 *   TROUPE_FLOOD_COUNT=100000 TROUPE_FLOOD_CAP=10000 TROUPE_FLOOD_REPORT=1 \
 *     npx vitest run dist/test/actors/coordination/messaging/flood.test.js
 * (the report — time, messages/s, ms per 1,000 answers in the first and last 10% — goes to
 * stderr; timings are reported, never asserted).
 */
import { afterEach, expect, it } from 'vitest';
import { sendMessage } from '../../../../actors/coordination/messaging/api.js';
import type { StoredMessage } from '../../../../actors/coordination/messaging/message.js';
import type { SystemEvent, TableKey } from '../../../../src/kernel/index.js';
import { AgentsHarness, as } from '../../../fixtures/coordination/agents-harness.js';

const COUNT = Number(process.env.TROUPE_FLOOD_COUNT ?? 20_000);
const CAP = Number(process.env.TROUPE_FLOOD_CAP ?? 5_000);
const IN_FLIGHT = 256;

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every message id in the agent's inbox table (all pages). */
function inboxIds(h: AgentsHarness, agentId: string): string[] {
  const ids: string[] = [];
  let after: TableKey | undefined;
  for (;;) {
    const page = h.system
      .table<StoredMessage>('inbox')
      .range({ prefix: [agentId], limit: 10_000, ...(after ? { after } : {}) });
    for (const entry of page) ids.push(entry.value.id);
    if (page.length < 10_000) return ids;
    after = page[page.length - 1]?.key;
  }
}

it(`keeps every acknowledged message of ${COUNT} sends to one inbox exactly once, refusing those over the cap`, async () => {
  const h = await AgentsHarness.open({ watch: true, limits: { inboxMessages: CAP } });
  harness = h;
  const troubles: SystemEvent[] = [];
  h.system.subscribe((event) => {
    if (event.type === 'worker-replaced' || event.type === 'thread-jammed' || event.type === 'worker-crashed')
      troubles.push(event);
  });
  await h.register('source');
  await h.register('sink');

  const acknowledged: string[] = [];
  const refusals = new Map<string, number>();
  const failures: unknown[] = [];
  const answeredAt: number[] = [];
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < COUNT) {
      const n = next++;
      try {
        const sent = await sendMessage(h.domain, as('source'), { recipientId: 'sink', content: { n } });
        if (sent.ok) acknowledged.push(sent.value.id);
        else refusals.set(sent.error.code, (refusals.get(sent.error.code) ?? 0) + 1);
      } catch (error) {
        failures.push(error);
      }
      answeredAt.push(performance.now());
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const elapsed = performance.now() - started;

  expect(failures).toEqual([]);
  expect(acknowledged).toHaveLength(CAP);
  expect(Object.fromEntries(refusals)).toEqual(COUNT > CAP ? { inbox_full: COUNT - CAP } : {});
  expect(troubles).toEqual([]);
  const expected = [...acknowledged].sort();
  const live = inboxIds(h, 'sink');
  expect(live).toHaveLength(CAP);
  expect([...live].sort()).toEqual(expected);

  await h.restart();
  const restarted = inboxIds(h, 'sink');
  expect(restarted).toHaveLength(CAP);
  expect([...restarted].sort()).toEqual(expected);

  if (process.env.TROUPE_FLOOD_REPORT) {
    const per1000 = (from: number) =>
      (answeredAt[from + 999] ?? Number.NaN) - (answeredAt[from - 1] ?? started);
    const tenth = Math.floor(COUNT / 10);
    const average = (start: number, end: number) => {
      const costs: number[] = [];
      for (let at = start; at + 1000 <= end; at += 1000) costs.push(per1000(at));
      return costs.reduce((sum, c) => sum + c, 0) / costs.length;
    };
    process.stderr.write(
      `flood: ${COUNT} sends (cap ${CAP}) in ${(elapsed / 1000).toFixed(1)} s, ${Math.round(COUNT / (elapsed / 1000))} answers/s; ` +
        `ms per 1,000: first 10% ${average(0, tenth).toFixed(0)}, last 10% ${average(COUNT - tenth, COUNT).toFixed(0)}; ` +
        `delivered ${CAP}, refused ${COUNT - CAP}, threads replaced ${troubles.length}\n`,
    );
  }
}, 600_000);
