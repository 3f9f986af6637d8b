/**
 * A workflow's own triggers, durable: an event trigger starts a run on each broadcast of its
 * event type with the event's data as `trigger.payload` (data that does not fit the payload
 * schema is kept as an incident, and no run starts); a schedule trigger's firings missed while
 * troupe was down collapse into one run at the next start — and a start after that (the same
 * firing told again) joins that run instead of starting a second one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startCoordination } from '../../../../actors/coordination/coordination.js';
import { broadcastSystemEvent } from '../../../../actors/coordination/events/api.js';
import {
  defineWorkflow,
  getWorkflowRun,
  RUNS_TABLE,
  type RunRecord,
  startWorkflows,
} from '../../../../actors/workflows/index.js';
import { TRIGGER_INCIDENTS_TABLE, type TriggerIncident } from '../../../../actors/workflows/shell/tables.js';
import { type ActorSystem, createActorSystem, createManualClock } from '../../../../src/kernel/index.js';

const dirs: string[] = [];
const systems: ActorSystem[] = [];

afterEach(async () => {
  for (const system of systems.splice(0)) await system.shutdown();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'troupe-workflow-triggers-'));
  dirs.push(dir);
  return dir;
}

function open(dir: string, clock?: ReturnType<typeof createManualClock>): ActorSystem {
  const system = createActorSystem({ threads: 2, dataDir: dir, ...(clock ? { clock } : {}) });
  systems.push(system);
  return system;
}

const echo = { echo: (args: unknown) => ({ output: args }) };

const runs = (system: ActorSystem) =>
  system
    .table<RunRecord>(RUNS_TABLE)
    .range({ limit: 1_000 })
    .map((entry) => entry.value);

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('starts a run on each broadcast of its event, with the event data as trigger.payload; a bad payload is an incident', async () => {
  const system = open(await freshDir());
  const coordination = await startCoordination(system);
  await startWorkflows(system, { tools: echo });
  await defineWorkflow(system, {
    name: 'On lesson',
    trigger: { event: 'lesson.finished', payload: { userId: 'string', score: 'number' } },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow template, not a JavaScript one
    steps: [{ name: 'note', tool: 'echo', input: { who: '${trigger.payload.userId}' } }],
  });
  const sent = await broadcastSystemEvent(
    coordination.domain,
    { kind: 'operator' },
    {
      eventType: 'lesson.finished',
      data: { userId: 'u1', score: 7 },
    },
  );
  expect(sent.ok).toBe(true);
  const [record] = await until(
    () => runs(system).filter((run) => run.status === 'completed'),
    (done) => done.length === 1,
    'the triggered run',
  );
  const view = await getWorkflowRun(system, (record as RunRecord).runId);
  expect(view.run.trigger).toEqual({ payload: { userId: 'u1', score: 7 }, event: 'lesson.finished' });
  expect(view.result.steps.find((step) => step.name === 'note')?.output).toEqual({ who: 'u1' });

  // Another event type starts nothing; data that does not fit the schema is refused as an incident.
  await broadcastSystemEvent(coordination.domain, { kind: 'operator' }, { eventType: 'other', data: {} });
  await broadcastSystemEvent(
    coordination.domain,
    { kind: 'operator' },
    {
      eventType: 'lesson.finished',
      data: { userId: 42 },
    },
  );
  const [incident] = await until(
    () =>
      system
        .table<TriggerIncident>(TRIGGER_INCIDENTS_TABLE)
        .range({ limit: 10 })
        .map((entry) => entry.value),
    (found) => found.length === 1,
    'the incident',
  );
  expect(incident).toMatchObject({ workflow: 'On lesson', trigger: 'event', firing: 'lesson.finished' });
  expect(incident?.message).toContain('payload.userId');
  expect(runs(system)).toHaveLength(1);
});

it('collapses the schedule firings missed while down into one run at start, and never fires one twice', async () => {
  const dir = await freshDir();
  const hour = 3_600_000;
  const start = Date.parse('2026-03-01T10:00:30Z');
  const clock = createManualClock(start);
  const first = open(dir, clock);
  await startWorkflows(first, { tools: echo });
  await defineWorkflow(first, {
    name: 'Hourly digest',
    trigger: { schedule: '0 * * * *' },
    steps: [{ name: 'digest', tool: 'echo', input: { at: 'now' } }],
  });
  // Armed at 10:00:30: the next firing is 11:00, nothing is due yet.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(runs(first)).toEqual([]);
  await first.shutdown();

  // Down from 10:00:30 to 15:20: the 11:00 … 15:00 firings collapse into one run (15:00's).
  clock.set(start + 5 * hour + 19 * 60_000);
  const second = open(dir, clock);
  await startWorkflows(second, { tools: echo });
  const fired = await until(
    () => runs(second),
    (found) => found.length === 1 && found[0]?.status === 'completed',
    'the catch-up run',
  );
  expect(fired[0]?.runId).toMatch(new RegExp(`-${Date.parse('2026-03-01T15:00:00Z')}$`));
  await second.shutdown();

  // Started again within the same hour: 15:00 was fired; told again, it joins its run.
  const third = open(dir, clock);
  await startWorkflows(third, { tools: echo });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(runs(third).map((run) => run.runId)).toEqual(fired.map((run) => run.runId));
  expect(third.table(TRIGGER_INCIDENTS_TABLE).range({ limit: 10 })).toEqual([]);
});
