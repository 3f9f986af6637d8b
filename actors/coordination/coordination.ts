/**
 * `startCoordination`: the coordination domain on a running system — the durable singleton
 * actors (registry, post office, event subscriptions, session board, task board, lock table,
 * project board, router), found again after a restart or spawned on first start, and two
 * in-memory observers: the change watch (what resource subscriptions wait on) and the
 * traffic counter (message frequency) — then wires who tells whom. `troupe serve` hosts
 * exactly this; an embedding service calls it and talks to the actors directly.
 */

import type { ActorRef, ActorSystem } from '../../src/kernel/index.js';
import { ensureActor } from '../../src/kernel/index.js';
import { type AgentsDomain, startAgents } from './agents/domain.js';
import type { AgentChanged, LocksChanged, TaskChanged } from './change-events.js';
import type { ChangeWatchMsg } from './change-watch.js';
import { ChangeWatch } from './change-watch.js';
import type { EventSubscriptionMsg } from './event-subscriptions.js';
import { EventSubscriptions } from './event-subscriptions.js';
import type { CoordinationLimits } from './limits.js';
import type { LockMsg } from './locks.js';
import { LockTable } from './locks.js';
import type { TrafficMsg } from './message-traffic.js';
import { MessageTraffic } from './message-traffic.js';
import type { PostEvent } from './post-event.js';
import type { PostMsg } from './post-office.js';
import { PostOffice } from './post-office.js';
import type { ProjectMsg } from './projects.js';
import { ProjectBoard } from './projects.js';
import type { RegistryMsg } from './registry.js';
import { AgentRegistry } from './registry.js';
import type { RouterMsg } from './routing.js';
import { Router } from './routing.js';
import type { SessionMsg } from './sessions.js';
import { SessionBoard } from './sessions.js';
import type { TaskMsg } from './tasks.js';
import { TaskBoard } from './tasks.js';

/** The coordination actors, by job. */
export interface Coordination {
  readonly registry: ActorRef<RegistryMsg>;
  readonly post: ActorRef<PostMsg>;
  /** Who hears which system events; broadcasts them through the post office. */
  readonly events: ActorRef<EventSubscriptionMsg>;
  readonly sessions: ActorRef<SessionMsg>;
  readonly tasks: ActorRef<TaskMsg>;
  readonly locks: ActorRef<LockMsg>;
  readonly projects: ActorRef<ProjectMsg>;
  readonly router: ActorRef<RouterMsg>;
  readonly watch: ActorRef<ChangeWatchMsg>;
  readonly traffic: ActorRef<TrafficMsg>;
  /**
   * The rebuilt domain (an actor per agent, session, task, lock, …) the tools move onto; it
   * keeps its records in tables, so it needs a store (null on a system without one, until the
   * old boards are gone).
   */
  readonly domain: AgentsDomain | null;
}

export interface CoordinationOptions {
  /** The window and threshold of `check_message_frequency` (defaults: 60 s, 60 messages). */
  readonly frequencyWindowMs?: number;
  readonly frequencyThreshold?: number;
  /** Overrides of the domain's default bounds (`limits.ts`). */
  readonly limits?: Partial<CoordinationLimits>;
}

export async function startCoordination(
  system: ActorSystem,
  options: CoordinationOptions = {},
): Promise<Coordination> {
  const registry = await ensureActor(system, AgentRegistry, 'agent-registry');
  const post = await ensureActor(system, PostOffice, 'post-office', { registry });
  const events = await ensureActor(system, EventSubscriptions, 'event-subscriptions', { registry, post });
  const sessions = await ensureActor(system, SessionBoard, 'session-board', { registry });
  const tasks = await ensureActor(system, TaskBoard, 'task-board', { registry });
  const locks = await ensureActor(system, LockTable, 'lock-table', { registry, post });
  const projects = await ensureActor(system, ProjectBoard, 'project-board', { registry });
  const router = await ensureActor(system, Router, 'router', { registry, tasks });
  // In memory (persistent: false): spawned afresh each run, then named to the post office.
  const watch = await system.spawn(ChangeWatch, { id: 'change-watch' });
  const traffic = await system.spawn(MessageTraffic, {
    id: 'message-traffic',
    args: {
      registry,
      ...(options.frequencyWindowMs ? { windowMs: options.frequencyWindowMs } : {}),
      ...(options.frequencyThreshold ? { threshold: options.frequencyThreshold } : {}),
    },
  });
  await post.ask({
    type: 'observe',
    observers: [watch.id, traffic.id].map((id) => system.refOf<PostEvent>(id)),
  });
  // The change watch hears of every agent change; the lock table and the task board of
  // arrivals, departures and statuses (leases free up, tasks go back to pending at once).
  await registry.ask({
    type: 'observe',
    observers: [system.refOf<AgentChanged>(watch.id)],
    statusObservers: [locks.id, tasks.id].map((id) => system.refOf<AgentChanged>(id)),
  });
  await locks.ask({ type: 'observe', observers: [system.refOf<LocksChanged>(watch.id)] });
  await tasks.ask({ type: 'observe', observers: [system.refOf<TaskChanged>(watch.id)] });
  const domain = system.options.store
    ? await startAgents(system, { watch, ...(options.limits ? { limits: options.limits } : {}) })
    : null;
  return {
    domain,
    registry,
    post,
    events,
    sessions,
    tasks,
    locks,
    projects,
    router,
    watch,
    traffic,
  };
}
