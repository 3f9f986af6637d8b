/**
 * What one MCP session hears of the workflow runs it started (`execute_workflow`):
 *
 * - **progress** — with `wait: true` and a progress token, one `notifications/progress` per
 *   step transition that moves the run on: `progress` = how far its steps got, counted in steps
 *   (ready ¼, running ½, waiting ¾, finished 1 — always above the last notification's, as MCP
 *   requires), `total` = the workflow's steps, `message` naming the step and its status
 *   (`translate: completed`);
 * - **elicitation** — when a run reaches a signal wait step whose definition gives a schema
 *   (`wait: { signal, schema }`) and the host declared the `elicitation` capability, the host
 *   is asked (`elicitation/create`, form mode, the step's schema); an `accept` answer, checked
 *   against the schema, becomes the signal (`answerWait`); `decline` / `cancel` (or a host
 *   that fails to answer) leave the wait as it was: `signal_workflow` still ends it.
 *
 * The session follows its runs through the engine's listeners (in this process) until they
 * end or the session closes. Not here: the run's rules (actors/workflows), the tools.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Caller } from '../../../actors/coordination/caller.js';
import {
  definitionOf,
  type ExecutorMsg,
  getWorkflowRun,
  resolveRunVersion,
  type StepStatus,
  workflowEngineOf,
} from '../../../actors/workflows/index.js';
import { answerWait, waitInputOf } from '../../../actors/workflows/shell/wait-input.js';
import type { ActorSystem } from '../../kernel/index.js';
import type { ProgressSink } from '../tool-call.js';

/**
 * How far a status is along a step's way: a run's progress is the sum over its steps, in
 * steps (a step `ready` counts ¼, running ½, waiting ¾, a finished one whole).
 */
const STAGE: Readonly<Record<StepStatus, number>> = {
  pending: 0,
  ready: 1,
  running: 2,
  waiting: 3,
  completed: 4,
  failed: 4,
  skipped: 4,
  cancelled: 4,
};
const LAST_STAGE = 4;

/** How long a person has to answer a wait step's question (the wait itself has its own timeout). */
const ANSWER_TIMEOUT_MS = 60 * 60 * 1000;

type Progress = Extract<ExecutorMsg, { type: 'progress' }>;

/** How many steps a run of `workflowId` (at `version`) has: the `total` of its progress. */
export function stepCount(system: ActorSystem, workflowId: string, version?: string): number {
  return definitionOf(system, resolveRunVersion(system, workflowId, version)).steps.length;
}

/** Where a run's steps stopped, as its result gives them. */
type StepEnds = readonly { readonly name: string; readonly status: StepStatus }[];

/** Following one run's progress: `end` reports what the run's result says was not heard yet, and stops. */
export interface RunProgress {
  end(steps?: StepEnds): void;
}

/** Progress notifications for one run, until `end`. */
export function reportRunProgress(
  system: ActorSystem,
  runId: string,
  total: number,
  progress: ProgressSink,
): RunProgress {
  // How far each step got (never back: a retry's `ready` keeps the stage its first attempt reached).
  const stages = new Map<string, number>();
  let reported = 0;
  const moved = (step: string, status: StepStatus) => {
    const stage = STAGE[status];
    if (stage <= (stages.get(step) ?? 0)) return;
    stages.set(step, stage);
    let reached = 0;
    for (const value of stages.values()) reached += value;
    const value = reached / LAST_STAGE;
    // MCP wants each notification's progress above the last one's.
    if (value <= reported) return;
    reported = value;
    progress({ progress: value, total, message: `${step}: ${status}` });
  };
  const stop = workflowEngineOf(system).listen((message) => {
    if (message.runId !== runId) return;
    if (message.type === 'progress' && message.child === undefined) moved(message.step, message.status);
    if (message.type === 'finished') for (const step of message.result.steps) moved(step.name, step.status);
  });
  return {
    // The result may come before the listeners hear the end: a transition not heard yet is reported before the answer.
    end(steps = []) {
      for (const step of steps) moved(step.name, step.status);
      stop();
    },
  };
}

/** The runs one session started, and the wait steps it asks its host about. */
export class SessionRuns {
  /** Run id → the caller that started it through this session. */
  readonly #runs = new Map<string, Caller>();
  /** Attempts asked about (`run/step/child/attempt`), with how to withdraw the question. */
  readonly #asked = new Map<string, AbortController>();
  #stopListening: (() => void) | null = null;

  constructor(
    private readonly system: ActorSystem,
    private readonly server: Server,
  ) {}

  /** Follow a run this session started (as `caller`). */
  started(runId: string, caller: Caller): void {
    this.#runs.set(runId, caller);
    this.#stopListening ??= workflowEngineOf(this.system).listen((message) => this.#hear(message));
  }

  /** Stop following a run (it did not start). */
  forget(runId: string): void {
    this.#runs.delete(runId);
  }

  close(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#runs.clear();
    for (const question of this.#asked.values()) question.abort();
    this.#asked.clear();
  }

  #hear(message: ExecutorMsg): void {
    if (message.type === 'finished') {
      this.#runs.delete(message.runId);
      this.#withdraw((key) => key.startsWith(`${message.runId}/`));
      return;
    }
    if (message.type !== 'progress' || !this.#runs.has(message.runId)) return;
    if (message.status === 'waiting') {
      void this.#ask(message).catch(() => {});
      return;
    }
    // The step moved on (its signal came another way, it timed out): the question is moot.
    this.#withdraw((key) => key.startsWith(`${message.runId}/${message.step}/${message.child ?? ''}/`));
  }

  #withdraw(which: (key: string) => boolean): void {
    for (const [key, question] of this.#asked)
      if (which(key)) {
        question.abort();
        this.#asked.delete(key);
      }
  }

  async #ask(message: Progress): Promise<void> {
    const form = this.server.getClientCapabilities()?.elicitation?.form;
    if (!form) return;
    const key = `${message.runId}/${message.step}/${message.child ?? ''}/${message.attempt}`;
    if (this.#asked.has(key)) return;
    const question = new AbortController();
    this.#asked.set(key, question);
    const caller = this.#runs.get(message.runId);
    const unit = { step: message.step, ...(message.child === undefined ? {} : { child: message.child }) };
    // The run's workflow version: the run keeps the one it started with.
    const view = await getWorkflowRun(this.system, message.runId);
    const input = waitInputOf(this.system, view.run.workflow, unit);
    if (!input) return;
    const answer = await this.server.elicitInput(
      {
        mode: 'form',
        message:
          input.description ??
          `Workflow "${view.run.workflow.name}" (run ${message.runId}) waits at step "${message.step}" for "${input.signal}".`,
        requestedSchema: input.schema as never,
      },
      { signal: question.signal, timeout: ANSWER_TIMEOUT_MS },
    );
    this.#asked.delete(key);
    if (answer.action !== 'accept') return;
    await answerWait(this.system, message.runId, unit, answer.content ?? {}, caller);
  }
}
