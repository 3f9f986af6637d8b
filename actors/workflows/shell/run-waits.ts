/**
 * What runs wait for, told to the deadlock detector (actors/supervisors/deadlock) as wait-for
 * edges, beside the agents' lock waits (`acquireFileLock` reports `agent:<waiter> →
 * agent:<holder>`):
 *
 *   run:<id> ──step──▶ agent:<assignee>   an agent step's task is with that agent
 *   run:<id> ──step──▶ run:<child>        a sub-workflow step waits for its child run
 *   agent:<holder> ──lock──▶ run:<id>     a lease taken by a step of the run, for the run
 *                                         (`ToolCallOptions.leases.held`): whoever waits on
 *                                         that lease waits for the run
 *
 * So the issue's jam — a run's step waiting on agent B, B waiting on a lock a previous step of
 * the same run took — is a cycle `run:R → agent:B → agent:X → run:R`; the detector fails its
 * youngest wait with a `DeadlockError` naming it: B's lock wait is answered `deadlock`, or, when
 * the run's wait came last, the step fails with `deadlock` (and its task is withdrawn).
 *
 * Edges live in this process only: after a restart the re-sent attempts report them again.
 * Not here: the graph, the victim's choice (the detector), the lock's own wait (acquire.ts).
 */
import type { DeadlockError } from '../../../src/kernel/index.js';
import { agentActorId } from '../../coordination/ids.js';
import type { DeadlockDetector } from '../../supervisors/deadlock/index.js';
import type { StepStatus } from '../run/types.js';
import { runActorId } from './tables.js';

/** A step attempt, as the executor knows it. */
export interface WaitingUnit {
  readonly runId: string;
  readonly step: string;
  readonly child?: number;
  readonly attempt: number;
}

/** What a tool step tells of the leases it took for its run (see the module comment). */
export interface RunLeases {
  /** `agentId` holds a lease for the run from now until `released` or the run's end. */
  held(agentId: string): void;
  released(agentId: string): void;
}

const ENDED: ReadonlySet<StepStatus> = new Set(['completed', 'failed', 'skipped', 'cancelled']);

const unitKey = (unit: Omit<WaitingUnit, 'attempt'>) =>
  `${unit.runId}\u0000${unit.step}\u0000${unit.child ?? ''}`;

export class RunWaits {
  /** Unit key → the token of its reported step wait. */
  private readonly steps = new Map<string, string>();
  /** Run id → tokens of its waits (steps and leases), to end them when the run ends. */
  private readonly byRun = new Map<string, Set<string>>();

  constructor(private readonly detector: DeadlockDetector | undefined) {}

  /** The run waits on an agent (`holder: { agentId }`) or a child run (`{ runId }`) for this attempt. */
  stepWaits(
    unit: WaitingUnit,
    holder: { readonly agentId: string } | { readonly runId: string },
    onDeadlock: (error: DeadlockError) => void,
  ): void {
    if (!this.detector) return;
    this.stepEnded(unit);
    const token = `run:${unitKey(unit)}\u0000${unit.attempt}`;
    this.steps.set(unitKey(unit), token);
    this.track(unit.runId, token);
    this.detector.reportWait({
      waiter: runActorId(unit.runId),
      holder: 'agentId' in holder ? agentActorId(holder.agentId) : runActorId(holder.runId),
      kind: 'step',
      token,
      onDeadlock: (error) => {
        this.steps.delete(unitKey(unit));
        onDeadlock(error);
      },
    });
  }

  /** A step's status changed: a step that ended (or moved on) waits no more. */
  progressed(unit: Omit<WaitingUnit, 'attempt'>, status: StepStatus): void {
    // Most steps never waited here (a tool's): no key is made for them.
    if (this.steps.size > 0 && ENDED.has(status)) this.stepEnded(unit);
  }

  stepEnded(unit: Omit<WaitingUnit, 'attempt'>): void {
    const token = this.steps.get(unitKey(unit));
    if (token === undefined) return;
    this.steps.delete(unitKey(unit));
    this.byRun.get(unit.runId)?.delete(token);
    this.detector?.endWait('step', token);
  }

  /** The leases a tool step of `runId` reports. */
  leasesOf(runId: string): RunLeases {
    const tokenOf = (agentId: string) => `lease:${runId}\u0000${agentId}`;
    return {
      held: (agentId) => {
        if (!this.detector) return;
        const token = tokenOf(agentId);
        this.detector.endWait('lock', token);
        this.track(runId, token);
        this.detector.reportWait({
          waiter: agentActorId(agentId),
          holder: runActorId(runId),
          kind: 'lock',
          token,
          onDeadlock: () => this.byRun.get(runId)?.delete(token),
        });
      },
      released: (agentId) => {
        const token = tokenOf(agentId);
        this.byRun.get(runId)?.delete(token);
        this.detector?.endWait('lock', token);
      },
    };
  }

  /** The run ended: none of its waits stands. */
  runEnded(runId: string): void {
    const tokens = this.byRun.get(runId);
    this.byRun.delete(runId);
    for (const token of tokens ?? []) {
      this.detector?.endWait(token.startsWith('lease:') ? 'lock' : 'step', token);
      for (const [key, stepToken] of this.steps) if (stepToken === token) this.steps.delete(key);
    }
  }

  private track(runId: string, token: string): void {
    const tokens = this.byRun.get(runId) ?? new Set<string>();
    tokens.add(token);
    this.byRun.set(runId, tokens);
  }
}
