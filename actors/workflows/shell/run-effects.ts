/**
 * Carrying out a transition's commands inside the run actor's turn. Every effect here is a
 * turn effect, so it leaves only after the run's new state is committed — the core's rule
 * "commit, then act" is the kernel's turn boundary:
 *
 *   start-step / cancel-step  → told to the thread's tool runner (a thread tool: tool-runner.ts), else
 *                               to the executor on the main thread (tools, agents, children)
 *   schedule / cancel-timer   → a durable timer of the actor (`timer:<id>`)
 *   progress / run-status     → told to the executor (its listeners), run-status also to the tables
 *   finish-run                → the tables, the parent run (a sub-workflow), the executor
 *
 * What a turn tells the executor of its progress, status and end goes in one `run-news`
 * message, in the commands' order (the executor hears each part as its own message).
 *
 * Not here: deciding anything (the core's `transition`), calling tools (executor.ts).
 */
import type { ActorContext, ActorRef } from '../../../src/kernel/index.js';
import type { CompiledWorkflow } from '../definition/compile.js';
import type { Mutable } from '../run/turn.js';
import type { WorkflowCommand, WorkflowRun } from '../run/types.js';
import type { ExecutorMsg, ParentLink, RunMsg, RunNews } from './messages.js';
import { parentEvent } from './sub-workflows.js';
import { ACTIVE_RUNS_TABLE, RUNS_TABLE, type RunRecord, tableOf } from './tables.js';
import { localToolRunner } from './thread-tools.js';

export interface ShellState {
  readonly run: WorkflowRun;
  readonly executor: ActorRef<ExecutorMsg>;
  /** The process the executor belongs to: another one means the process restarted. */
  readonly boot: string;
  readonly parent?: ParentLink;
  /** The agent that started the run, if one did (run-access.ts). */
  readonly startedBy?: string;
  /** The tenant it was started in (absent: the default tenant). */
  readonly tenantId?: string;
}

export function timerKey(timerId: string): string {
  return `timer:${timerId}`;
}

/**
 * `created`: the turn created the run (its line in the tables is written whatever the commands
 * say). The line is written once per turn at most, with the turn's final state.
 */
export function carryOut(
  ctx: ActorContext<RunMsg>,
  workflow: CompiledWorkflow,
  state: ShellState,
  commands: readonly WorkflowCommand[],
  created = false,
): void {
  let recordChanged = created;
  const runId = state.run.id;
  // What the turn has to say to the executor — progress, status, the end — goes in one message,
  // in order, and before anything else the turn sends the executor.
  const news = new TurnNews(ctx, state.executor, runId);
  for (const command of commands) {
    switch (command.type) {
      case 'start-step': {
        const runner = command.work.kind === 'tool' ? localToolRunner(command.work.tool) : undefined;
        if (runner) {
          ctx.tell(runner, { type: 'start-step', runId, run: ctx.self, command });
          break;
        }
        news.flush();
        ctx.tell(state.executor, {
          type: 'start-step',
          runId,
          workflow: state.run.workflow.name,
          run: ctx.self,
          command,
          ...(command.work.kind === 'workflow' ? { context: state.run.context } : {}),
          ...(command.work.kind === 'workflow' && state.startedBy !== undefined
            ? { startedBy: state.startedBy }
            : {}),
          // Every step of a tenant's run is in its tenant (an agent step's task, a child run).
          ...(state.tenantId === undefined ? {} : { tenantId: state.tenantId }),
        });
        break;
      }
      case 'cancel-step': {
        const work = workOf(workflow, command);
        const runner = work === 'tool' ? localToolRunner() : undefined;
        if (runner) ctx.tell(runner, { type: 'cancel-step', command });
        news.flush();
        ctx.tell(state.executor, {
          type: 'cancel-step',
          runId,
          run: ctx.self,
          command,
          work,
        });
        break;
      }
      case 'schedule-timer':
        ctx.schedule(
          { at: command.at },
          { type: 'timer', timerId: command.timerId },
          { key: timerKey(command.timerId) },
        );
        break;
      case 'cancel-timer':
        ctx.cancelSchedule(timerKey(command.timerId));
        break;
      case 'progress':
        news.add(
          command.child === undefined
            ? { kind: 'progress', step: command.step, status: command.status, attempt: command.attempt }
            : {
                kind: 'progress',
                step: command.step,
                child: command.child,
                status: command.status,
                attempt: command.attempt,
              },
        );
        break;
      case 'run-status':
        recordChanged = true;
        news.add({ kind: 'status', status: command.status });
        break;
      case 'finish-run':
        recordChanged = true;
        if (state.parent)
          ctx.tell(state.parent.ref, { type: 'event', event: parentEvent(state.parent, command.result) });
        news.add({ kind: 'finished', result: command.result });
        break;
    }
  }
  news.flush();
  if (recordChanged) writeRunRecord(ctx, state);
}

/** A turn's news for the executor, told as one `run-news` message when the turn has something else to say to it, or at the end. */
class TurnNews {
  private pending: RunNews[] | undefined;

  constructor(
    private readonly ctx: ActorContext<RunMsg>,
    private readonly executor: ActorRef<ExecutorMsg>,
    private readonly runId: string,
  ) {}

  add(news: RunNews): void {
    if (this.pending === undefined) this.pending = [news];
    else this.pending.push(news);
  }

  flush(): void {
    if (this.pending === undefined) return;
    this.ctx.tell(this.executor, { type: 'run-news', runId: this.runId, news: this.pending });
    this.pending = undefined;
  }
}

/** The kind of work a cancelled attempt was doing (its step, or the branch or item step of a fan-out). */
function workOf(
  workflow: CompiledWorkflow,
  unit: { step: string; child?: number },
): 'tool' | 'agent' | 'workflow' {
  const step = workflow.steps[workflow.stepIndex.get(unit.step) ?? -1];
  const leaf =
    unit.child === undefined || !step
      ? step
      : step.definition.work.kind === 'map'
        ? step.children[0]
        : step.children[unit.child];
  const kind = leaf?.definition.work.kind;
  return kind === 'agent' || kind === 'workflow' ? kind : 'tool';
}

/** The run's line in `workflow-runs`, and its presence in `workflow-runs-active` while it is not finished. */
export function writeRunRecord(ctx: ActorContext<RunMsg>, state: ShellState): void {
  const run = state.run;
  const record: Mutable<RunRecord> = {
    runId: run.id,
    workflow: run.workflow,
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: ctx.now(),
  };
  if (state.parent) record.parentRunId = state.parent.runId;
  if (state.startedBy !== undefined) record.startedBy = state.startedBy;
  if (state.tenantId !== undefined) record.tenantId = state.tenantId;
  tableOf<RunRecord>(ctx, RUNS_TABLE).put([run.id], record);
  const active = tableOf<number>(ctx, ACTIVE_RUNS_TABLE);
  if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled')
    active.remove([run.id]);
  else active.put([run.id], 1);
}
