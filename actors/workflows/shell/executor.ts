/**
 * The executor: the main thread's side of every run in this process. Run actors tell it
 * (through a receiver) to start or cancel attempts, and it carries them out — a tool through
 * `StepTools` with the attempt's idempotency key and an abort signal, an agent step through
 * `StepAgents`, a sub-workflow by spawning the child run (its id derived from the attempt, so
 * an attempt sent again finds the child it started) — then hands the outcome back to the run
 * as an event (an ask, answered once the run's turn that took it is committed). It also hands progress
 * and ends of runs to whoever listens (the API's waiters, MCP progress, the CLI), tells the
 * change watch that a run changed (resource pushes), and reports what runs wait for to the
 * deadlock detector (run-waits.ts).
 *
 * A new executor (a new process) has a new `boot` id: runs it attaches learn they restarted.
 * Not here: any decision about a run (the core), the run's state (run-actor.ts).
 */

import { randomUUID } from 'node:crypto';
import {
  type ActorRef,
  type ActorSystem,
  DuplicateActorIdError,
  type Receiver,
} from '../../../src/kernel/index.js';
import type { RunChanged } from '../../coordination/change-events.js';
import type { DeadlockDetector } from '../../supervisors/deadlock/index.js';
import { RecentKeys } from '../recent-keys.js';
import type { WorkflowEvent, WorkflowResult } from '../run/types.js';
import { AttemptAbort } from './attempt-abort.js';
import { resolveRunVersion } from './definitions.js';
import type { ExecutorMsg, ExecutorNews, RunMsg } from './messages.js';
import { WorkflowRunActor } from './run-actor.js';
import { RunWaits } from './run-waits.js';
import type { StepAgents } from './step-agents.js';
import { type StepTools, toToolFailure } from './step-tools.js';
import { childRunId, childRunInput } from './sub-workflows.js';
import { runActorId } from './tables.js';
import { callToolAttempt, reportOutcome } from './tool-attempt.js';
import { startTriggeredRun } from './triggered-runs.js';

export type ExecutorListener = (message: ExecutorNews) => void;

/** How many started attempts' keys an executor remembers (a few MB at most). */
const STARTED_KEYS = 50_000;

/** Where the executor tells what it sees besides the runs: the change watch, the deadlock detector. */
export interface ExecutorOutlets {
  /** Told `run-changed` on every step change and end of a run (resource pushes). */
  readonly watch?: { tell(message: RunChanged): unknown };
  readonly detector?: DeadlockDetector;
}

export class StepExecutor {
  readonly boot = randomUUID();
  readonly receiver: Receiver<ExecutorMsg>;
  private readonly inFlight = new Map<string, AttemptAbort>();
  /**
   * Idempotency keys of the attempts this executor started (the latest STARTED_KEYS): a run whose
   * thread was replaced sends its attempts in flight again (`resync`), and one started here is
   * not started twice — it reports when it ends, or has reported already.
   */
  private readonly started = new RecentKeys(STARTED_KEYS);
  private readonly listeners = new Set<ExecutorListener>();
  private readonly finishWaiters = new Map<string, ((result: WorkflowResult) => void)[]>();
  private readonly waits: RunWaits;

  constructor(
    private readonly system: ActorSystem,
    private readonly tools: StepTools,
    private readonly agents: StepAgents,
    private readonly outlets: ExecutorOutlets = {},
  ) {
    this.waits = new RunWaits(outlets.detector);
    this.receiver = system.receive<ExecutorMsg>((message) => this.handle(message));
  }

  get ref(): ActorRef<ExecutorMsg> {
    return this.receiver.ref;
  }

  /** Hear every progress, status and end of the runs in this process. Returns the unsubscribe function. */
  listen(listener: ExecutorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The runs whose end someone here waits for (`onFinished`). */
  awaitedRuns(): IterableIterator<string> {
    return this.finishWaiters.keys();
  }

  /** Resolve with the run's result when it ends (register before starting it). Returns the cancel function. */
  onFinished(runId: string, resolve: (result: WorkflowResult) => void): () => void {
    // A list, not a set: a run has one waiter almost always, and one is made per run started.
    const waiters = this.finishWaiters.get(runId);
    if (waiters) waiters.push(resolve);
    else this.finishWaiters.set(runId, [resolve]);
    return () => {
      const current = this.finishWaiters.get(runId);
      const at = current?.indexOf(resolve) ?? -1;
      if (current === undefined || at < 0) return;
      current.splice(at, 1);
      if (current.length === 0) this.finishWaiters.delete(runId);
    };
  }

  /** Abort every call in flight and stop receiving. */
  close(): void {
    for (const abort of this.inFlight.values()) abort.abort(new Error('the workflow engine stopped'));
    this.inFlight.clear();
    this.receiver.close();
  }

  private handle(message: ExecutorMsg): void {
    if (message.type !== 'run-news') {
      this.hear(message);
      return;
    }
    const runId = message.runId;
    for (const part of message.news) {
      switch (part.kind) {
        case 'progress':
          this.hear(
            part.child === undefined
              ? { type: 'progress', runId, step: part.step, status: part.status, attempt: part.attempt }
              : {
                  type: 'progress',
                  runId,
                  step: part.step,
                  child: part.child,
                  status: part.status,
                  attempt: part.attempt,
                },
          );
          break;
        case 'status':
          this.hear({ type: 'run-status', runId, status: part.status });
          break;
        case 'finished':
          this.hear({ type: 'finished', runId, result: part.result });
          break;
      }
    }
  }

  private hear(message: ExecutorNews): void {
    switch (message.type) {
      case 'start-step':
        void this.start(message);
        break;
      case 'cancel-step':
        this.cancel(message);
        break;
      case 'start-run':
        void startTriggeredRun(this.system, this, message);
        break;
      case 'finished': {
        this.waits.runEnded(message.runId);
        this.changed(message.runId);
        const waiters = this.finishWaiters.get(message.runId);
        this.finishWaiters.delete(message.runId);
        for (const resolve of waiters ?? []) resolve(message.result);
        break;
      }
      case 'progress':
        this.waits.progressed(message, message.status);
        this.changed(message.runId);
        break;
      case 'run-status':
        this.changed(message.runId);
        break;
    }
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // A listener's failure is its own: the runs go on.
      }
    }
  }

  private async start(message: Extract<ExecutorMsg, { type: 'start-step' }>): Promise<void> {
    const { command, run } = message;
    if (!this.started.add(command.idempotencyKey)) return;
    const address = {
      step: command.step,
      ...(command.child === undefined ? {} : { child: command.child }),
      attempt: command.attempt,
    };
    const report = (event: WorkflowEvent) => reportOutcome(run, event);
    const fail = (error: { code: string; message: string; retryable?: boolean }) =>
      report({ type: 'step-failed', ...address, error });
    const work = command.work;
    switch (work.kind) {
      case 'tool': {
        const abort = new AttemptAbort();
        this.inFlight.set(command.idempotencyKey, abort);
        try {
          const event = await callToolAttempt(
            this.tools,
            message.runId,
            command,
            abort,
            this.waits.leasesOf(message.runId),
          );
          if (event) await report(event);
        } finally {
          if (this.inFlight.get(command.idempotencyKey) === abort)
            this.inFlight.delete(command.idempotencyKey);
        }
        return;
      }
      case 'agent':
        try {
          const given = await this.agents.offer({
            runId: message.runId,
            workflow: message.workflow,
            ...address,
            idempotencyKey: command.idempotencyKey,
            ...(work.role === undefined ? {} : { role: work.role }),
            ...(work.agentId === undefined ? {} : { agentId: work.agentId }),
            ...(work.tool === undefined ? {} : { tool: work.tool }),
            ...(work.description === undefined ? {} : { description: work.description }),
            input: command.input,
            ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
            ...(message.tenantId === undefined ? {} : { tenantId: message.tenantId }),
          });
          await report({ type: 'step-started', ...address });
          const agentId = (given ? given.agentId : undefined) ?? work.agentId;
          if (agentId !== undefined)
            this.waits.stepWaits({ runId: message.runId, ...address }, { agentId }, (error) => {
              void this.agents
                .withdraw({
                  runId: message.runId,
                  step: command.step,
                  idempotencyKey: command.idempotencyKey,
                  reason: error.message,
                })
                .catch(() => {});
              void fail({ code: 'deadlock', message: error.message, retryable: false });
            });
        } catch (error) {
          await fail({ ...toToolFailure(error), retryable: false });
        }
        return;
      case 'workflow': {
        const childId = childRunId(message.runId, address);
        this.waits.stepWaits({ runId: message.runId, ...address }, { runId: childId }, (error) => {
          void this.system
            .refOf<RunMsg>(runActorId(childId))
            .tell({ type: 'event', event: { type: 'cancel', reason: error.message.slice(0, 1_000) } })
            .then(
              () => {},
              () => {},
            );
          void fail({ code: 'deadlock', message: error.message, retryable: false });
        });
        try {
          const workflow = resolveRunVersion(this.system, work.workflow, work.version);
          const { payload, context } = childRunInput(command.input, message.context);
          await this.system.spawn(WorkflowRunActor, {
            id: runActorId(childId),
            args: {
              workflow,
              options: { runId: childId, payload, context },
              executor: this.ref,
              boot: this.boot,
              parent: { ref: run, runId: message.runId, ...address },
              ...(message.startedBy === undefined ? {} : { startedBy: message.startedBy }),
              ...(message.tenantId === undefined ? {} : { tenantId: message.tenantId }),
            },
          });
        } catch (error) {
          // Sent again after a crash: the child exists and reports when it ends.
          if (
            error instanceof DuplicateActorIdError ||
            (error as { code?: string }).code === 'duplicate_actor_id'
          )
            return;
          await fail({ ...toToolFailure(error), retryable: false });
        }
        return;
      }
    }
  }

  private cancel(message: Extract<ExecutorMsg, { type: 'cancel-step' }>): void {
    const { command } = message;
    this.waits.stepEnded({
      runId: message.runId,
      step: command.step,
      ...(command.child === undefined ? {} : { child: command.child }),
    });
    switch (message.work) {
      case 'tool':
        this.inFlight.get(command.idempotencyKey)?.abort(new Error(command.reason));
        this.inFlight.delete(command.idempotencyKey);
        return;
      case 'agent':
        void this.agents
          .withdraw({
            runId: message.runId,
            step: command.step,
            idempotencyKey: command.idempotencyKey,
            reason: command.reason,
          })
          .catch(() => {});
        return;
      case 'workflow': {
        const child = childRunId(message.runId, command);
        void this.system
          .refOf<RunMsg>(runActorId(child))
          .tell({ type: 'event', event: { type: 'cancel', reason: command.reason.slice(0, 1_000) } })
          .then(
            () => {},
            () => {},
          );
        return;
      }
    }
  }

  /** Tell the change watch the run changed (best effort: a resource push, not the run's truth). */
  private changed(runId: string): void {
    const watch = this.outlets.watch;
    if (!watch) return;
    try {
      void Promise.resolve(watch.tell({ type: 'run-changed', runId })).catch(() => {});
    } catch {
      // The system is shutting down.
    }
  }
}
