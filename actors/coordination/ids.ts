/**
 * Ids of the coordination domain, and the actor ids of its entities.
 *
 * Every id a caller names (agent, session, task, project, goal, message, rule) is 1 to 128
 * characters of letters, digits and `_ . : @ + -`, starting with a letter, digit or `_`:
 * short enough that every key derived from it (an actor id `agent:<id>`, a table key
 * `[role, id]`, an inbox key `[id, seq]`) fits the store's limits, and plain enough to log.
 * Names like `constructor` or `__proto__` are valid ids: nothing indexes a plain object by
 * them. A lock is named by its file path (any text up to 4096 characters), so its actor id
 * is a hash of the normalized path.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$/;
export const MAX_ID_LENGTH = 128;
export const MAX_PATH_LENGTH = 4096;

export const IdSchema = z
  .string()
  .min(1, 'must be a non-empty id')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(ID_PATTERN, 'must be letters, digits or _ . : @ + - (starting with a letter, digit or _)');

export const PathSchema = z
  .string()
  .min(1, 'must be a non-empty path')
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`);

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

export const agentActorId = (agentId: string) => `agent:${agentId}`;
export const sessionActorId = (sessionId: string) => `session:${sessionId}`;
export const taskActorId = (taskId: string) => `task:${taskId}`;
export const projectActorId = (projectId: string) => `project:${projectId}`;
export const goalActorId = (goalId: string) => `goal:${goalId}`;

/** A lock's path as it is held: normalized (`src/./a.ts` and `src/a.ts` are one lock). */
export function normalizeLockPath(path: string): string {
  return posix.normalize(path.replaceAll('\\', '/'));
}

/**
 * The actor that holds the lease on `path` (normalized first) in a tenant: lock keys are
 * namespaced per tenant — two tenants each lock `src/a.ts` on their own. The default tenant's
 * (`null`) ids are the ones made before tenants existed.
 */
export function lockActorId(path: string, tenantId: string | null = null): string {
  const hash = createHash('sha256');
  if (tenantId !== null) hash.update(`${tenantId}\u0000`);
  return `lock:${hash.update(normalizeLockPath(path)).digest('hex')}`;
}
