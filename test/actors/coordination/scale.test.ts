/**
 * Scale check of the work areas: thousands of sessions (each with a 1 KB value) and of tasks
 * (each created and delegated), 32 in flight, through the facades on a real system. Each
 * operation touches one entity actor and a few table entries, so the last thousand should
 * cost what the first did: the figures (ms per thousand) are written to stderr for the
 * report — timings are not asserted (a busy machine is not a benchmark). What is asserted:
 * every record is there, and a listing pages through all of them.
 *
 * `TROUPE_SCALE_OPS` sets the operations per run (default 3,000; the report used 10,000).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentCaller } from '../../../actors/coordination/caller.js';
import { createSession, listSessions, setSessionState } from '../../../actors/coordination/sessions/api.js';
import { createTask, delegateSubtask, listTasks } from '../../../actors/coordination/tasks/api.js';
import type { Outcome } from '../../../src/kernel/index.js';
import { expectOk, WorkSystem } from '../../fixtures/coordination/work-system.js';

const OPS = Number(process.env.TROUPE_SCALE_OPS ?? 3_000);
const IN_FLIGHT = 32;
const CHUNK = 1_000;

let work: WorkSystem;
beforeAll(async () => {
  work = new WorkSystem();
  await work.agents(
    Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`w${i}`, { capabilities: ['x'] }])),
  );
});
afterAll(async () => {
  await work.close();
});

/** Run `op(0..count-1)`, `IN_FLIGHT` at a time; answers the ms each chunk of `CHUNK` took. */
async function timed(count: number, op: (i: number) => Promise<void>): Promise<number[]> {
  const chunks: number[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const began = performance.now();
    let next = start;
    const end = Math.min(count, start + CHUNK);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < end) await op(next++);
      }),
    );
    chunks.push(Math.round(performance.now() - began));
  }
  return chunks;
}

function report(name: string, chunks: readonly number[]): void {
  const first = chunks[0] ?? 0;
  const last = chunks.at(-1) ?? 0;
  process.stderr.write(
    `[scale] ${name}: ${OPS} ops, ms per ${CHUNK}: ${chunks.join(', ')} (last/first ${(last / Math.max(1, first)).toFixed(2)})\n`,
  );
}

async function pageAll<T>(
  list: (cursor?: string) => Promise<Outcome<{ items: readonly T[]; next_cursor: string | null }>>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = expectOk(await list(cursor));
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

it('creates sessions with a 1 KB value at a flat cost per operation', async () => {
  const { system } = work;
  const value = 'v'.repeat(1_024);
  const chunks = await timed(OPS, async (i) => {
    const owner = agentCaller(`w${i % 10}`);
    const session = expectOk(
      await createSession(system, owner, { sessionId: `s-${i}`, title: `session ${i}` }),
    );
    expectOk(await setSessionState(system, owner, { sessionId: session.id, key: 'notes', value }));
  });
  report('sessions (create + 1 KB value)', chunks);
  const listed = await pageAll((cursor) =>
    listSessions(system, agentCaller('w0'), {}, { limit: 500, ...(cursor ? { cursor } : {}) }),
  );
  expect(listed).toHaveLength(OPS);
});

it('creates and delegates tasks at a flat cost per operation', async () => {
  const { system } = work;
  const chunks = await timed(OPS, async (i) => {
    const lead = agentCaller(`w${i % 10}`);
    const task = expectOk(
      await createTask(system, lead, { id: `t-${i}`, description: `task ${i}`, requiredCapabilities: ['x'] }),
    );
    expectOk(
      await delegateSubtask(system, lead, {
        coordinatorAgentId: `w${i % 10}`,
        assignedAgentId: `w${(i + 1) % 10}`,
        subtaskId: task.id,
      }),
    );
  });
  report('tasks (create + delegate)', chunks);
  const held = await pageAll((cursor) =>
    listTasks(
      system,
      agentCaller('w1'),
      { assignedAgentId: 'w1' },
      { limit: 500, ...(cursor ? { cursor } : {}) },
    ),
  );
  expect(held).toHaveLength(Math.floor(OPS / 10));
});
