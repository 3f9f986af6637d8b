/**
 * `AgentsDomain`: what the facades of the agents, messaging, events and evaluations areas
 * work with — the system, the limits in force, and what agent actors are told of their
 * surroundings (the thread count and the change watch). `startAgents` makes it on a running
 * system with a data directory, and starts the one traffic sweep actor.
 *
 * ```ts
 * const agents = await startAgents(system, { limits: { inboxMessages: 5_000 }, watch });
 * const sent = await sendMessage(agents, agentCaller('ada'), { recipientId: 'bob', content: 'hi' });
 * ```
 */
import {
  type ActorRef,
  type ActorSystem,
  type Clock,
  ensureActor,
  InvalidOptionError,
  ManualClock,
  systemClock,
} from '../../../src/kernel/index.js';
import type { ChangeWatchMsg } from '../change-watch.js';
import { type CoordinationLimits, CoordinationLimitsSchema, DEFAULT_LIMITS } from '../limits.js';
import { TRAFFIC_SWEEP_ID, TrafficSweep } from '../messaging/traffic.js';
import type { AgentEnv } from './agent-state.js';

export interface AgentsDomain {
  readonly system: ActorSystem;
  readonly limits: CoordinationLimits;
  readonly env: AgentEnv;
  /** The system's clock, read on the main thread (what `ctx.now()` reads in the actors). */
  readonly clock: Clock;
}

export interface AgentsOptions {
  /** Overrides of the default limits (`limits.ts`). */
  readonly limits?: Partial<CoordinationLimits>;
  /** The change watch that MCP resource subscriptions wait on (none: nobody is told). */
  readonly watch?: ActorRef<ChangeWatchMsg> | null;
}

/** The domain on `system` (which must have a `dataDir`: agents are durable), with the traffic sweep running. */
export async function startAgents(system: ActorSystem, options: AgentsOptions = {}): Promise<AgentsDomain> {
  const parsed = CoordinationLimitsSchema.partial().safeParse(options.limits ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidOptionError(
      `options.limits.${issue?.path.join('.') ?? ''}`,
      issue?.message ?? 'is invalid',
    );
  }
  if (!system.options.store)
    throw new InvalidOptionError('system', 'must have a dataDir: agents are durable actors');
  const limits: CoordinationLimits = { ...DEFAULT_LIMITS, ...parsed.data };
  const sweep = await ensureActor(system, TrafficSweep, TRAFFIC_SWEEP_ID, {
    retentionMs: limits.trafficRetentionMs,
  });
  await sweep.tell({ type: 'configure', retentionMs: limits.trafficRetentionMs });
  const source = system.options.clock;
  const clock = source.kind === 'manual' ? new ManualClock(source.buffer) : systemClock;
  return { system, limits, clock, env: { threads: system.options.threads, watch: options.watch ?? null } };
}
