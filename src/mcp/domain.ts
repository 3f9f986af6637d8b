/**
 * The coordination domain a `troupe serve` runtime hosts: the durable singleton actors
 * (registry, post office, session board, task board, lock table, project board, router),
 * found again after a restart or spawned on first start, and what the MCP adapter needs to
 * reach them.
 */
import { LockTable } from '../../actors/agents/locks.js';
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

export async function startDomain(system: ActorSystem): Promise<McpAdapterOptions> {
  const registry = await ensureActor(system, AgentRegistry, 'agent-registry');
  const post = await ensureActor(system, PostOffice, 'post-office', { registry });
  const sessions = await ensureActor(system, SessionBoard, 'session-board', { registry });
  const tasks = await ensureActor(system, TaskBoard, 'task-board', { registry });
  const locks = await ensureActor(system, LockTable, 'lock-table', { registry, post });
  const projects = await ensureActor(system, ProjectBoard, 'project-board', { registry });
  const router = await ensureActor(system, Router, 'router', { registry, tasks });
  return {
    supervisors: ['deadlock-detector'],
    registry,
    post,
    sessions,
    tasks,
    locks,
    projects,
    router,
    deadlockDetector: deadlockDetectorOf(system),
  };
}
