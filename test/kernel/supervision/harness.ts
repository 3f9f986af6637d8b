/**
 * What the supervision tests share: a two-thread system whose events are recorded from
 * the start, polling instead of fixed sleeps, and readers for the recorder's log and the
 * supervision tree. It owns no assertions; each test says what it expects.
 */
import {
  type ActorRef,
  type ActorSystem,
  type ActorTreeNode,
  createActorSystem,
  type SupervisionTree,
  type SystemEvent,
  type SystemEventType,
  type SystemOptions,
} from '../../../src/kernel/index.js';
import type { RecorderMsg } from '../../fixtures/recorder.js';

/** The machine running the tests has two cores. */
export const THREADS = 2;

export type EventOf<T extends SystemEventType> = Extract<SystemEvent, { readonly type: T }>;

/** Every event the system published since the log was created, in arrival order. */
export class EventLog {
  readonly events: SystemEvent[] = [];

  constructor(system: ActorSystem) {
    system.subscribe((event) => this.events.push(event));
  }

  of<T extends SystemEventType>(type: T, id?: string): EventOf<T>[] {
    return this.events.filter(
      (event): event is EventOf<T> => event.type === type && (id === undefined || idOf(event) === id),
    );
  }
}

function idOf(event: SystemEvent): string | undefined {
  switch (event.type) {
    case 'dead-letter':
      return event.to;
    case 'actor-failed':
    case 'actor-restarted':
    case 'actor-stopped':
    case 'spawn-failed':
    case 'terminate-failed':
      return event.id;
    case 'reached-max-restart-intensity':
      return event.child;
    case 'late-reply':
    case 'worker-crashed':
    case 'worker-replaced':
      return undefined;
  }
}

/** A running system with `threads: 2` and an event log attached before anything is spawned. */
export function startSystem(options: SystemOptions = {}): { system: ActorSystem; events: EventLog } {
  const system = createActorSystem({ threads: THREADS, ...options });
  return { system, events: new EventLog(system) };
}

/** Poll `condition` every few milliseconds until it holds; fail naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 2_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function readLog(recorder: ActorRef<RecorderMsg>): Promise<string[]> {
  return recorder.ask<string[]>({ type: 'lines' });
}

/** Wait until the recorder holds at least `count` lines, and return them all. */
export async function untilLogged(
  recorder: ActorRef<RecorderMsg>,
  count: number,
  timeoutMs = 2_000,
): Promise<string[]> {
  let lines: string[] = [];
  await until(
    async () => {
      lines = await readLog(recorder);
      return lines.length >= count;
    },
    timeoutMs,
    `a log of ${count} lines`,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; log was ${JSON.stringify(lines)}`);
  });
  return lines;
}

/** Find an actor anywhere in the supervision tree. */
export function findNode(tree: SupervisionTree | ActorTreeNode, id: string): ActorTreeNode | undefined {
  for (const child of tree.children) {
    if (child.id === id) return child;
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}

export async function inspectNode(system: ActorSystem, id: string): Promise<ActorTreeNode | undefined> {
  return findNode(await system.inspect(), id);
}
