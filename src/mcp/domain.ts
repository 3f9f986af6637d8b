/**
 * The coordination domain a `troupe serve` runtime hosts: the durable singleton actors
 * (registry, post office, session board, task board, lock table, project board, router),
 * found again after a restart or spawned on first start, and what the MCP adapter needs to
 * reach them — and the two in-memory observers of the post office: the mail watch (inbox
 * subscriptions) and the traffic counter (`check_message_frequency`).
 */
import { LockTable } from '../../actors/agents/locks.js';
import { MailWatch } from '../../actors/agents/mail-watch.js';
import { MessageTraffic } from '../../actors/agents/message-traffic.js';
import type { PostEvent } from '../../actors/agents/post-event.js';
import { PostOffice } from '../../actors/agents/post-office.js';
import { ProjectBoard } from '../../actors/agents/projects.js';
import { AgentRegistry } from '../../actors/agents/registry.js';
import { Router } from '../../actors/agents/routing.js';
import { SessionBoard } from '../../actors/agents/sessions.js';
import { TaskBoard } from '../../actors/agents/tasks.js';
import { deadlockDetectorOf } from '../../actors/index.js';
import type { ActorSystem } from '../system/actor-system.js';
import { ensureActor } from '../system/ensure-actor.js';
import type { McpAdapterOptions } from './server.js';

export interface DomainOptions {
  /** The window and threshold of `check_message_frequency` (defaults: 60 s, 60 messages). */
  readonly frequencyWindowMs?: number;
  readonly frequencyThreshold?: number;
}

export async function startDomain(
  system: ActorSystem,
  options: DomainOptions = {},
): Promise<McpAdapterOptions> {
  const registry = await ensureActor(system, AgentRegistry, 'agent-registry');
  const post = await ensureActor(system, PostOffice, 'post-office', { registry });
  const sessions = await ensureActor(system, SessionBoard, 'session-board', { registry });
  const tasks = await ensureActor(system, TaskBoard, 'task-board', { registry });
  const locks = await ensureActor(system, LockTable, 'lock-table', { registry, post });
  const projects = await ensureActor(system, ProjectBoard, 'project-board', { registry });
  const router = await ensureActor(system, Router, 'router', { registry, tasks });
  // In memory (persistent: false): spawned afresh each run, then named to the post office.
  const watch = await system.spawn(MailWatch, { id: 'mail-watch' });
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
  return {
    supervisors: ['deadlock-detector'],
    registry,
    post,
    sessions,
    tasks,
    locks,
    projects,
    router,
    watch,
    traffic,
    deadlockDetector: deadlockDetectorOf(system),
  };
}
