/**
 * A fake shell for the workflow state machine: it keeps the run, journals every event with
 * its time, keeps the timers the run sets, and answers `start-step` commands through a
 * responder the test writes — the part a durable run actor and real tools play in
 * production. Time is a number it moves itself: to the next timer when nothing else is due.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type CompiledWorkflow,
  initialRun,
  type JournalEntry,
  type RunOptions,
  transition,
  type WorkflowCommand,
  type WorkflowEvent,
  type WorkflowResult,
  type WorkflowRun,
} from '../../../actors/workflows/index.js';

export type StartCommand = Extract<WorkflowCommand, { type: 'start-step' }>;

/** How a fake tool or agent answers one attempt: an output, an error, or no answer (yet). */
export type Outcome =
  | { readonly output: unknown; readonly usage?: { tokens?: number; cost?: number }; readonly after?: number }
  | {
      readonly error: { code: string; message: string; retryable?: boolean };
      readonly usage?: { tokens?: number; cost?: number };
      readonly after?: number;
    }
  | 'hang';

export type Responder = (command: StartCommand) => Outcome;

export function fixture(name: string): string {
  // dist/test/actors/workflows → the source fixtures (they are not compiled).
  const path = fileURLToPath(new URL(`../../../../test/fixtures/workflows/${name}`, import.meta.url));
  return readFileSync(path, 'utf8');
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}

export class FakeShell {
  run: WorkflowRun;
  now: number;
  readonly journal: JournalEntry[] = [];
  readonly commands: WorkflowCommand[] = [];
  /** Every start-step given, in order (re-sent ones included). */
  readonly started: StartCommand[] = [];
  readonly cancelled: Extract<WorkflowCommand, { type: 'cancel-step' }>[] = [];
  readonly timers = new Map<string, number>();
  /** What happened, in order: `start <key>` for each start-step, `done <unit>` for each success sent. */
  readonly log: string[] = [];
  result?: WorkflowResult;
  /** Attempts given and not answered yet, by idempotency key. */
  readonly pending = new Map<string, StartCommand>();
  private readonly due: { at: number; key: string; outcome: Exclude<Outcome, 'hang'> }[] = [];

  constructor(
    readonly workflow: CompiledWorkflow,
    options: RunOptions,
    start = 1_000_000,
  ) {
    this.now = start;
    this.run = initialRun(workflow, options, start);
  }

  /** Take over a run rebuilt after a crash (its journal so far), as a new process would. */
  adopt(run: WorkflowRun, journal: readonly JournalEntry[]): void {
    this.run = run;
    this.journal.push(...journal);
  }

  async send(event: WorkflowEvent): Promise<string | undefined> {
    if (event.type === 'timer-fired') this.timers.delete(event.timerId);
    if (event.type === 'step-succeeded')
      this.log.push(`done ${event.child === undefined ? event.step : `${event.step}[${event.child}]`}`);
    // Frozen, so that a transition that changed the run it was given would throw here.
    const result = await transition(this.workflow, deepFreeze(this.run), event, this.now);
    if (result.ignored === undefined) this.journal.push({ event, at: this.now });
    this.run = result.run;
    for (const command of result.commands) this.take(command);
    return result.ignored;
  }

  private take(command: WorkflowCommand): void {
    this.commands.push(command);
    switch (command.type) {
      case 'start-step':
        this.started.push(command);
        this.log.push(`start ${command.idempotencyKey}`);
        this.pending.set(command.idempotencyKey, command);
        break;
      case 'cancel-step':
        this.cancelled.push(command);
        this.pending.delete(command.idempotencyKey);
        break;
      case 'schedule-timer':
        this.timers.set(command.timerId, command.at);
        break;
      case 'cancel-timer':
        this.timers.delete(command.timerId);
        break;
      case 'finish-run':
        this.result = command.result;
        break;
      case 'progress':
      case 'run-status':
        break;
    }
  }

  /** Answer one attempt now, by key. */
  async answer(key: string, outcome: Exclude<Outcome, 'hang'>): Promise<string | undefined> {
    const command = this.pending.get(key);
    if (!command) throw new Error(`no attempt ${key} is pending`);
    this.pending.delete(key);
    const address = {
      step: command.step,
      ...(command.child === undefined ? {} : { child: command.child }),
      attempt: command.attempt,
    };
    return 'output' in outcome
      ? this.send({
          type: 'step-succeeded',
          ...address,
          output: outcome.output,
          ...(outcome.usage ? { usage: outcome.usage } : {}),
        })
      : this.send({
          type: 'step-failed',
          ...address,
          error: outcome.error,
          ...(outcome.usage ? { usage: outcome.usage } : {}),
        });
  }

  /**
   * Drive the run until it finishes or nothing more can happen: answer pending attempts
   * (the first given first, or as `pick` chooses), then fire the earliest timer.
   */
  async drive(
    respond: Responder,
    options: { pick?: (count: number) => number; maxEvents?: number; stopAfter?: number } = {},
  ): Promise<void> {
    for (let events = 0; events < (options.maxEvents ?? 10_000); events++) {
      if (this.result || events === options.stopAfter) return;
      const asked = [...this.pending.values()].filter(
        (command) => !this.due.some((entry) => entry.key === command.idempotencyKey),
      );
      for (const command of asked) {
        const outcome = respond(command);
        if (outcome !== 'hang')
          this.due.push({ at: this.now + (outcome.after ?? 0), key: command.idempotencyKey, outcome });
      }
      this.due.sort((a, b) => a.at - b.at);
      const ready = this.due.filter((entry) => entry.at <= this.now && this.pending.has(entry.key));
      if (ready.length > 0) {
        const entry = ready[options.pick ? options.pick(ready.length) : 0] as (typeof ready)[number];
        this.due.splice(this.due.indexOf(entry), 1);
        await this.answer(entry.key, entry.outcome);
        continue;
      }
      const stale = this.due.findIndex((entry) => !this.pending.has(entry.key));
      if (stale >= 0) {
        this.due.splice(stale, 1);
        continue;
      }
      const nextAnswer = this.due[0]?.at;
      const nextTimer = [...this.timers.entries()].sort((a, b) => a[1] - b[1])[0];
      if (nextTimer && (nextAnswer === undefined || nextTimer[1] <= nextAnswer)) {
        this.now = Math.max(this.now, nextTimer[1]);
        await this.send({ type: 'timer-fired', timerId: nextTimer[0] });
        continue;
      }
      if (nextAnswer !== undefined) {
        this.now = Math.max(this.now, nextAnswer);
        continue;
      }
      return;
    }
    throw new Error('the run did not settle within the event limit');
  }

  /** Start the run and drive it to its end. */
  async execute(respond: Responder): Promise<WorkflowResult | undefined> {
    await this.send({ type: 'start' });
    await this.drive(respond);
    return this.result;
  }

  startedSteps(): string[] {
    return this.started.map((command) =>
      command.child === undefined ? command.step : `${command.step}[${command.child}]`,
    );
  }
}
