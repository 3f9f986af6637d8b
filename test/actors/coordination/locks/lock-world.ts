/**
 * The lock tests' world: a real system on a temporary data directory, agents played by
 * `AgentStandIn` (registered in the `agents` table), the deadlock detector, and the change
 * watch the lock actors push to — reopened on the same directory for restart tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentCaller, type Caller } from '../../../../actors/coordination/caller.js';
import type { LocksChanged } from '../../../../actors/coordination/change-events.js';
import { ChangeWatch, type WatchAnswer } from '../../../../actors/coordination/change-watch.js';
import { agentActorId } from '../../../../actors/coordination/ids.js';
import type { AcquireOptions } from '../../../../actors/coordination/locks/api.js';
import { type FileLease, LEASES_BY_HOLDER_TABLE } from '../../../../actors/coordination/locks/lease.js';
import type { LockMsg } from '../../../../actors/coordination/locks/lock-messages.js';
import {
  type DeadlockDetector,
  installDeadlockDetector,
} from '../../../../actors/supervisors/deadlock/index.js';
import {
  type ActorRef,
  type ActorSystem,
  createActorSystem,
  ensureActor,
} from '../../../../src/kernel/index.js';
import {
  AgentStandIn,
  type AgentStandInMsg,
  type AgentStatus,
} from '../../../fixtures/coordination/agent-stand-in.js';

export class LockWorld {
  private constructor(
    readonly dataDir: string,
    readonly system: ActorSystem,
    readonly detector: DeadlockDetector,
    readonly watch: ActorRef<LocksChanged>,
  ) {}

  static async open(dataDir = mkdtempSync(join(tmpdir(), 'troupe-locks-'))): Promise<LockWorld> {
    const system = createActorSystem({ threads: 2, dataDir });
    const detector = installDeadlockDetector(system);
    const watch = await system.spawn(ChangeWatch, { id: 'change-watch' });
    return new LockWorld(dataDir, system, detector, watch as ActorRef<LocksChanged>);
  }

  /** What every lock call passes along. */
  get options(): AcquireOptions {
    return { detector: this.detector, watch: this.watch };
  }

  as(agentId: string): Caller {
    return agentCaller(agentId);
  }

  /** Register agents (their stand-ins write the `agents` table). */
  async register(...agentIds: string[]): Promise<void> {
    for (const agentId of agentIds)
      await ensureActor(this.system, AgentStandIn, agentActorId(agentId), { agentId });
  }

  agent(agentId: string): ActorRef<AgentStandInMsg> {
    return this.system.refOf<AgentStandInMsg>(agentActorId(agentId));
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<void> {
    await this.agent(agentId).ask({ type: 'set-status', status });
  }

  /** What an agent actor does when its agent goes offline: tell every lock it holds (`leases-by-holder`). */
  async goOffline(agentId: string): Promise<void> {
    await this.setStatus(agentId, 'offline');
    const held = this.system.table<FileLease>(LEASES_BY_HOLDER_TABLE).range({ prefix: [agentId] });
    for (const { key } of held)
      await this.system
        .refOf<LockMsg>(String(key[2]))
        .tell({ type: 'holder-gone', agentId, reason: 'offline' });
  }

  /** How many lease changes the change watch has heard of in its epoch. */
  async lockChanges(): Promise<number> {
    const answer = await this.system.refOf('change-watch').ask<WatchAnswer>({
      type: 'watch',
      watcherId: 'test',
      topic: 'locks',
      key: '*',
      epoch: null,
      after: null,
    });
    return answer.count;
  }

  /** Shut down and open again on the same directory. */
  async restart(): Promise<LockWorld> {
    this.detector.stop();
    await this.system.shutdown();
    return LockWorld.open(this.dataDir);
  }

  async close(): Promise<void> {
    this.detector.stop();
    await this.system.shutdown();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
