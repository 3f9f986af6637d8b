// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Resuming after a crash. The journal of committed events rebuilds the very run that was
 * (`replay`); the `restarted` event then resumes it: a completed step never runs again, an
 * idempotent attempt in flight is sent again under the same key, any other attempt in flight
 * fails with `outcome_unknown` and is retried only if its policy allows. The crash test kills
 * runs of tool, agent, wait and map steps at random moments, many times over.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition, replay, type WorkflowRun } from '../../../actors/workflows/index.js';
import type { UnitState } from '../../../actors/workflows/run/types.js';
import { attemptKeyOf, type UnitAddress } from '../../../actors/workflows/run/unit-named.js';
import { FakeShell, type Outcome, type StartCommand } from './fake-shell.js';
import { createSeededRandom } from './seeded-random.js';

const CRASH_CYCLES = Number(process.env.TROUPE_CRASH_CYCLES ?? 40);

const mixed = parseWorkflowDefinition({
  name: 'mixed',
  guards: { budget: { maxTokens: 1_000_000 } },
  steps: [
    { name: 'fetch', tool: 'fetch', idempotent: true },
    {
      name: 'charge',
      tool: 'charge',
      depends_on: ['fetch'],
      retry: { maximumAttempts: 12, initialInterval: 10, jitter: 'full' },
    },
    {
      name: 'review',
      assigned_role: 'reviewer',
      depends_on: ['fetch'],
      input: { what: '${steps.fetch.output.title}' },
    },
    { name: 'cool_down', wait: { delay: '1s' }, depends_on: ['charge'] },
    { name: 'approval', wait: { signal: 'approved' } },
    {
      name: 'each',
      map: {
        over: '${steps.fetch.output.items}',
        concurrency: 2,
        step: { tool: 'work', idempotent: true, input: { x: '${item}' } },
      },
    },
    {
      name: 'finish',
      tool: 'finish',
      idempotent: true,
      depends_on: ['review', 'cool_down', 'approval', 'each'],
    },
  ],
});

/** Fixture tools and agents: they log every execution by key, and idempotent ones answer a key once. */
function createWorld(seed: number) {
  const random = createSeededRandom(seed);
  const executions: string[] = [];
  const answered = new Map<string, Outcome>();
  const respond = (command: StartCommand): Outcome => {
    const known = answered.get(command.idempotencyKey);
    if (known !== undefined) return known;
    executions.push(command.idempotencyKey);
    const output =
      command.step === 'fetch'
        ? { title: 'order', items: [1, 2, 3] }
        : command.step === 'each'
          ? (command.input as { x: number }).x * 10
          : { by: command.step };
    const outcome: Outcome =
      command.step === 'charge' && random.next() < 0.3
        ? { error: { code: 'declined', message: 'try again' }, after: random.below(5) }
        : { output, usage: { tokens: 10 }, after: random.below(5) };
    answered.set(command.idempotencyKey, outcome);
    return outcome;
  };
  return { random, executions, respond };
}

/** Every unit that has completed, by name. */
function completedUnits(run: WorkflowRun): Set<string> {
  const units = new Set<string>();
  for (const step of run.steps) {
    if (step.status === 'completed') units.add(step.name);
    step.children?.forEach((child, index) => {
      if (child.status === 'completed') units.add(`${step.name}[${index}]`);
    });
  }
  return units;
}

const unitOf = (command: StartCommand) =>
  command.child === undefined ? command.step : `${command.step}[${command.child}]`;

describe('replay', () => {
  it('rebuilds the very run from its journal, after every event', async () => {
    const shell = new FakeShell(mixed, { runId: 'rp', seed: 3 }, 0);
    const world = createWorld(3);
    const history: WorkflowRun[] = [];
    await shell.send({ type: 'start' });
    history.push(shell.run);
    await shell.send({ type: 'signal-received', signal: 'approved', payload: { by: 'ana' } });
    history.push(shell.run);
    for (let events = 0; events < 200 && !shell.result; events++) {
      const before = shell.journal.length;
      await shell.drive(world.respond, { stopAfter: 1 });
      if (shell.journal.length > before) history.push(shell.run);
    }
    expect(shell.result?.status).toBe('completed');
    expect(history).toHaveLength(shell.journal.length);
    for (let length = 1; length <= shell.journal.length; length += 3) {
      const rebuilt = await replay(
        mixed,
        { runId: 'rp', seed: 3, createdAt: 0 },
        shell.journal.slice(0, length),
      );
      expect(rebuilt).toEqual(history[length - 1]);
    }
  });
});

describe('restarting', () => {
  const single = (step: Record<string, unknown>) =>
    parseWorkflowDefinition({ name: 's', steps: [{ name: 'a', tool: 'x', timeout: '1m', ...step }] });

  async function crashWhileInFlight(step: Record<string, unknown>) {
    const workflow = single(step);
    const before = new FakeShell(workflow, { runId: 'c' }, 0);
    await before.send({ type: 'start' });
    const after = new FakeShell(workflow, { runId: 'c' }, 5_000);
    after.adopt(await replay(workflow, { runId: 'c', createdAt: 0 }, before.journal), before.journal);
    await after.send({ type: 'restarted' });
    return after;
  }

  it('sends an idempotent attempt again under the same key, with the time it has left', async () => {
    const after = await crashWhileInFlight({ idempotent: true });
    expect(after.started).toEqual([
      expect.objectContaining({ idempotencyKey: 'c:a:1', attempt: 1, resumed: true, timeoutMs: 55_000 }),
    ]);
    expect(after.commands).toContainEqual({ type: 'schedule-timer', timerId: 'timeout:a:1', at: 60_000 });
  });

  it('fails any other attempt in flight with outcome_unknown: retried if it may be, else the step fails', async () => {
    const retried = await crashWhileInFlight({ retry: { maximumAttempts: 2, initialInterval: 0 } });
    expect(retried.run.steps[0]?.attempts[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'outcome_unknown' },
    });
    await retried.send({ type: 'timer-fired', timerId: 'retry:a:1' });
    expect(retried.started.map((command) => command.idempotencyKey)).toEqual(['c:a:2']);
    const failed = await crashWhileInFlight({});
    expect(failed.result?.error).toMatchObject({
      code: 'outcome_unknown',
      step: 'a',
      message: 'the run restarted while attempt 1 of "a" was in flight: its outcome is unknown',
    });
    expect(failed.started).toEqual([]);
  });

  it("gives a finished run's result again", async () => {
    const workflow = single({});
    const shell = new FakeShell(workflow, { runId: 'f' }, 0);
    await shell.execute(() => ({ output: 1 }));
    const ended = shell.commands.length;
    await shell.send({ type: 'restarted' });
    expect(shell.commands.slice(ended)).toEqual([
      { type: 'finish-run', status: 'completed', result: shell.result },
    ]);
  });
});

describe('resyncing after the thread was replaced', () => {
  const pair = parseWorkflowDefinition({
    name: 'pair',
    steps: [
      { name: 'a', tool: 'x' },
      { name: 'b', assigned_agent_id: 'ada' },
      { name: 'c', tool: 'y', depends_on: ['a'] },
    ],
  });

  it('sends every attempt in flight again unchanged, idempotent or not, and fails none', async () => {
    const shell = new FakeShell(pair, { runId: 'r' }, 0);
    await shell.send({ type: 'start' });
    expect(shell.started.map((command) => command.idempotencyKey)).toEqual(['r:a:1', 'r:b:1']);
    const before = shell.run;
    await shell.send({ type: 'resync' });
    expect(shell.started.slice(2)).toEqual([
      expect.objectContaining({ idempotencyKey: 'r:a:1', attempt: 1, resumed: true }),
      expect.objectContaining({ idempotencyKey: 'r:b:1', attempt: 1, resumed: true }),
    ]);
    expect(shell.run.steps).toEqual(before.steps);
  });

  it('sends nothing when nothing is in flight, and a finished run its end again', async () => {
    const shell = new FakeShell(pair, { runId: 'q' }, 0);
    await shell.execute(() => ({ output: 1 }));
    expect(shell.result?.status).toBe('completed');
    const ended = shell.commands.length;
    await shell.send({ type: 'resync' });
    expect(shell.commands.slice(ended)).toEqual([
      { type: 'finish-run', status: 'completed', result: shell.result },
    ]);
    const idle = new FakeShell(
      parseWorkflowDefinition({ name: 'w', steps: [{ name: 's', wait: { signal: 'go' } }] }),
      { runId: 'w' },
      0,
    );
    await idle.send({ type: 'start' });
    const sent = idle.commands.length;
    await idle.send({ type: 'resync' });
    expect(idle.commands.slice(sent)).toEqual([]);
  });
});

describe('crashing at random moments', () => {
  it(`completes every run and never runs a completed step again (${CRASH_CYCLES} cycles)`, async () => {
    const seen = { crashes: 0, resent: 0, outcomeUnknown: 0, resumedWaits: 0 };
    for (let cycle = 0; cycle < CRASH_CYCLES; cycle++) {
      const world = createWorld(1_000 + cycle);
      const options = { runId: `crash-${cycle}`, seed: cycle };
      let shell = new FakeShell(mixed, options, 0);
      await shell.send({ type: 'start' });
      await shell.send({ type: 'signal-received', signal: 'approved', payload: { by: 'ana' } });
      const pick = (count: number) => world.random.below(count);
      const crashes = 1 + world.random.below(3);
      for (let crash = 0; crash < crashes && !shell.result; crash++) {
        await shell.drive(world.respond, { pick, stopAfter: 1 + world.random.below(12) });
        if (shell.result) break;
        // The process dies: what was committed is the journal; answers under way are lost.
        const journal = [...shell.journal];
        const rebuilt = await replay(mixed, { ...options, createdAt: 0 }, journal);
        expect(rebuilt, `cycle ${cycle}: replay`).toEqual(shell.run);
        const done = completedUnits(rebuilt);
        const next = new FakeShell(mixed, options, shell.now + 1_000);
        next.adopt(rebuilt, journal);
        await next.send({ type: 'restarted' });
        seen.crashes += 1;
        seen.resent += next.started.filter((command) => command.resumed).length;
        seen.outcomeUnknown += next.run.steps
          .flatMap((step) => [step, ...(step.children ?? [])])
          .flatMap((unit) => unit.attempts)
          .filter((attempt) => attempt.error?.code === 'outcome_unknown').length;
        if (rebuilt.steps.some((step) => step.status === 'waiting' && step.waitingFor === 'timer'))
          seen.resumedWaits += 1;
        await next.drive(world.respond, { pick, stopAfter: 1 });
        for (const command of next.started) {
          expect(
            done.has(unitOf(command)),
            `cycle ${cycle}: ${command.idempotencyKey} ran again after completing`,
          ).toBe(false);
          if (command.resumed)
            expect(mixed.steps[mixed.stepIndex.get(command.step) as number]?.definition.work.kind).not.toBe(
              'wait',
            );
        }
        shell = next;
      }
      await shell.drive(world.respond, { pick });
      expect(shell.result?.status, `cycle ${cycle}: ${JSON.stringify(shell.result?.error)}`).toBe(
        'completed',
      );
      for (const step of shell.run.steps) {
        const units = step.children ?? [step];
        for (const unit of units)
          expect(unit.attempts.filter((attempt) => attempt.outcome === 'succeeded')).toHaveLength(1);
      }
      // Nothing ran that the run does not know of. (It may know of more: an attempt committed
      // but never delivered before a crash is recorded, and ends as outcome_unknown.)
      const recorded = shell.run.steps
        .filter(
          (step) => mixed.steps[mixed.stepIndex.get(step.name) as number]?.definition.work.kind !== 'wait',
        )
        .flatMap((step): { unit: UnitState; address: UnitAddress }[] =>
          step.children
            ? step.children.map((unit, child) => ({ unit, address: { step: step.name, child } }))
            : [{ unit: step, address: { step: step.name } }],
        )
        .flatMap(({ unit, address }) =>
          unit.attempts.map((attempt) => attemptKeyOf(shell.run.id, address, attempt)),
        );
      for (const key of world.executions) expect(recorded, `cycle ${cycle}`).toContain(key);
    }
    // The cycles did crash with work under way, of every kind that matters.
    expect(seen.crashes).toBeGreaterThanOrEqual(CRASH_CYCLES);
    expect(seen.resent).toBeGreaterThan(0);
    expect(seen.outcomeUnknown).toBeGreaterThan(0);
    expect(seen.resumedWaits).toBeGreaterThan(0);
  });
});
