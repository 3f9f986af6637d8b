/**
 * The demo's story, chapter by chapter — each does one thing to the runtime and checks what it
 * claims (a chapter that does not hold fails the demo):
 *
 * 1. a runtime process starts on a fresh data directory;
 * 2. three agents register;
 * 3. a workflow fans out: a map of tool calls two at a time, and steps given to agents;
 * 4. the demo `kill -9`s the runtime process mid-run;
 * 5. a new runtime process resumes the run;
 * 6. two agents close a lock cycle, and the deadlock detector breaks it, naming both;
 * 7. an actor jams its thread, and the watchdog replaces the thread;
 * 8. the run finishes: every step completed, and no step completed before the kill ran again.
 *
 * It owns the plot and the checks, not the runtime (`runtime-child.ts`) nor the telling
 * (`narrator.ts`).
 */
import { readFileSync } from 'node:fs';
import { DEMO_CHANGES } from './demo-workflow.js';
import type { Narrator } from './narrator.js';
import type { AgentsRegistered, JamOutcome, LockCycleOutcome, RunOutcome } from './protocol.js';
import { RuntimeProcess, type StepReport } from './runtime-process.js';

/** Summaries done before the demo pulls the plug. */
const KILL_AFTER_SUMMARIES = 3;
const WAIT_MS = 60_000;

export interface StoryFacts {
  agents: number;
  unitsCompleted: number;
  toolCalls: number;
  agentOffers: number;
  kills: number;
  resumedRuns: number;
  deadlocks: number;
  jams: number;
  chaptersHeld: number;
  chapters: number;
}

interface Chapter {
  readonly title: string;
  /** Does the chapter's work; answers whether what it claims held, and the last word. */
  readonly run: () => Promise<{ readonly held: boolean; readonly detail: string }>;
}

export async function tellStory(
  narrator: Narrator,
  paths: { readonly dataDir: string; readonly callLog: string },
): Promise<StoryFacts> {
  const facts: StoryFacts = {
    agents: 0,
    unitsCompleted: 0,
    toolCalls: 0,
    agentOffers: 0,
    kills: 0,
    resumedRuns: 0,
    deadlocks: 0,
    jams: 0,
    chaptersHeld: 0,
    chapters: 0,
  };
  /** Units (`summarize[3]`) the demo heard completed, in the order it heard them. */
  const completed = new Set<string>();
  let completedBeforeKill: ReadonlySet<string> = new Set();
  const wakers = new Set<() => void>();
  const onStep = (report: StepReport) => {
    if (report.type === 'offered') {
      narrator.note(`${report.agent} is asked to do "${report.step}"`);
    } else if (report.status === 'completed') {
      const unit = report.child === undefined ? report.step : `${report.step}[${report.child}]`;
      if (!completed.has(unit)) narrator.note(`${unit} completed`);
      completed.add(unit);
      narrator.progress(`${summaries()}/${DEMO_CHANGES.length} summaries, ${completed.size} steps done`);
    }
    for (const wake of wakers) wake();
  };
  const until = (condition: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        wakers.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        wakers.delete(check);
        reject(new Error(`${what} did not happen within ${WAIT_MS / 1000} s`));
      }, WAIT_MS);
      wakers.add(check);
      check();
    });
  const summaries = () => [...completed].filter((unit) => unit.startsWith('summarize[')).length;

  let runtime: RuntimeProcess | null = null;
  const current = (): RuntimeProcess => {
    if (!runtime) throw new Error('no runtime process is running');
    return runtime;
  };

  const chapters: Chapter[] = [
    {
      title: 'A runtime process starts on a fresh data directory',
      run: async () => {
        runtime = await RuntimeProcess.start(paths.dataDir, paths.callLog, onStep);
        narrator.note(`pid ${runtime.pid}, ${runtime.threads} worker threads, store in ${paths.dataDir}`);
        return { held: runtime.resumed === 0, detail: 'nothing to resume: a new store' };
      },
    },
    {
      title: 'Three agents register',
      run: async () => {
        const { agents } = await current().request<AgentsRegistered>({ type: 'register-agents' });
        facts.agents = agents.length;
        for (const agent of agents) narrator.note(`${agent.id} (${agent.role})`);
        const ids = agents.map((agent) => agent.id).sort();
        return { held: ids.join() === 'ada,bob,cy', detail: `${agents.length} agents in the registry` };
      },
    },
    {
      title: 'A workflow fans out across agents and an in-process tool',
      run: async () => {
        await current().request({ type: 'start-run' });
        narrator.note(
          `release-notes: collect → summarize ${DEMO_CHANGES.length} changes (2 at a time) ∥ ada outlines → bob reviews → ship → publish`,
        );
        await until(
          () => summaries() >= KILL_AFTER_SUMMARIES && completed.has('collect'),
          'the first summaries',
        );
        return {
          held: completed.has('collect') && summaries() >= KILL_AFTER_SUMMARIES,
          detail: `${summaries()} of ${DEMO_CHANGES.length} summaries done, the run goes on`,
        };
      },
    },
    {
      title: 'kill -9 of the runtime process, mid-run',
      run: async () => {
        const victim = current();
        completedBeforeKill = new Set(completed);
        await victim.kill();
        runtime = null;
        facts.kills += 1;
        return {
          held: true,
          detail: `pid ${victim.pid} killed with SIGKILL; ${completedBeforeKill.size} steps had completed, the rest had not`,
        };
      },
    },
    {
      title: 'A new runtime process resumes the run',
      run: async () => {
        runtime = await RuntimeProcess.start(paths.dataDir, paths.callLog, onStep);
        facts.resumedRuns = runtime.resumed;
        narrator.note(`pid ${runtime.pid} opened the same store`);
        return {
          held: runtime.resumed === 1,
          detail: `${runtime.resumed} unfinished run resumed from its stored state`,
        };
      },
    },
    {
      title: 'Two agents close a lock cycle; the deadlock detector breaks it',
      run: async () => {
        narrator.note('ada holds src/a.ts, bob holds src/b.ts; each now waits for the other’s file');
        const outcome = await current().request<LockCycleOutcome>({ type: 'lock-cycle' });
        if (outcome.refusal) narrator.note(`${outcome.refusal.code}: ${outcome.refusal.message}`);
        const named = outcome.refusal?.message ?? '';
        const held =
          outcome.refusal?.code === 'deadlock' &&
          named.includes('ada') &&
          named.includes('bob') &&
          outcome.survivorGranted;
        if (held) facts.deadlocks += 1;
        return {
          held,
          detail: held
            ? 'the closing wait was refused, the other agent got its file'
            : `the cycle was not broken as claimed (${JSON.stringify(outcome)})`,
        };
      },
    },
    {
      title: 'An actor jams its thread; the watchdog replaces the thread',
      run: async () => {
        narrator.note('the Jammer actor spins in a turn that never ends');
        const outcome = await current().request<JamOutcome>({ type: 'jam' });
        const held =
          outcome.jammedThread !== null && outcome.replacedThread !== null && outcome.answeredAfter;
        if (held) facts.jams += 1;
        if (outcome.jammedThread !== null)
          narrator.note(
            `thread ${outcome.jammedThread} jammed, ended and replaced (jam seen after ${seconds(outcome.jamMs)}, new thread after ${seconds(outcome.replacedMs)})`,
          );
        return {
          held,
          detail: held
            ? `the Jammer answers again on the new thread (${(outcome.ms / 1000).toFixed(1)} s in all)`
            : `the watchdog did not do what was claimed (${JSON.stringify(outcome)})`,
        };
      },
    },
    {
      title: 'The run finishes, with nothing lost',
      run: async () => {
        await until(() => completed.has('review') && completed.has('outline'), 'the agents’ steps');
        narrator.note('the editor says ship');
        await current().request({ type: 'signal-run' });
        const result = await current().request<RunOutcome>({ type: 'await-run' });
        const calls = readCalls(paths.callLog);
        facts.toolCalls = [...calls.tools.values()].reduce((sum, n) => sum + n, 0);
        const notDone = result.steps.filter((step) => step.status !== 'completed').map((step) => step.name);
        const twice = [...completedBeforeKill].filter((unit) => (calls.tools.get(unit) ?? 0) > 1);
        const missing = DEMO_CHANGES.map((_, i) => `summarize[${i}]`).filter(
          (unit) => !calls.tools.has(unit),
        );
        const again = [...calls.tools.entries()].filter(([, n]) => n > 1).map(([unit]) => unit);
        if (again.length > 0)
          narrator.note(
            `in flight at the kill and sent again with the same idempotency key: ${again.join(', ')}`,
          );
        narrator.note(
          `${facts.toolCalls} tool calls for ${calls.tools.size} tool steps; every step completed before the kill ran once`,
        );
        const held =
          result.status === 'completed' && notDone.length === 0 && twice.length === 0 && missing.length === 0;
        return {
          held,
          detail: held
            ? `run ${result.status}: ${result.steps.length} steps, ${DEMO_CHANGES.length} summaries, published`
            : `run ${result.status}; not completed: [${notDone.join(', ')}], ran twice: [${twice.join(', ')}], never ran: [${missing.join(', ')}]`,
        };
      },
    },
  ];

  try {
    for (const chapter of chapters) {
      facts.chapters += 1;
      narrator.begin(chapter.title);
      let outcome: { readonly held: boolean; readonly detail: string };
      try {
        outcome = await chapter.run();
      } catch (error) {
        outcome = { held: false, detail: error instanceof Error ? error.message : String(error) };
      }
      narrator.end(outcome.held, outcome.detail);
      if (!outcome.held) break;
      facts.chaptersHeld += 1;
    }
  } finally {
    await (runtime as RuntimeProcess | null)?.stop();
  }
  // What happened, also when a chapter did not hold.
  const calls = readCalls(paths.callLog);
  facts.toolCalls = [...calls.tools.values()].reduce((sum, n) => sum + n, 0);
  facts.agentOffers = calls.offers;
  facts.unitsCompleted = completed.size;
  return facts;
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** How often each tool step was called (by unit), and how many agent offers were made. */
function readCalls(callLog: string): { readonly tools: Map<string, number>; readonly offers: number } {
  const tools = new Map<string, number>();
  let offers = 0;
  for (const line of readFileSync(callLog, 'utf8').split('\n')) {
    const [kind, unit] = line.split(' ');
    if (kind === 'call' && unit !== undefined) tools.set(unit, (tools.get(unit) ?? 0) + 1);
    if (kind === 'offer') offers += 1;
  }
  return { tools, offers };
}
