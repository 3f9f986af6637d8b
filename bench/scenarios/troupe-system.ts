/**
 * A troupe measurement session over a fresh actor system that is always shut down, and
 * placing actors on a chosen thread.
 *
 * Placement: an explicit id is homed by a hash of the id, so to put an actor on thread k
 * we pick the first `<prefix>-<n>` id that hashes there, then check `ref.thread`.
 * Only `troupe-*.ts` files import this (they are the ones that need the runtime).
 */

import { createActorSystem, homeThread } from '../../src/kernel/index.js';
import type { MeasureSession } from '../harness/session.js';
import { withTimeout } from '../harness/timeout.js';

export type TroupeSystemOptions = NonNullable<Parameters<typeof createActorSystem>[0]>;
export type TroupeSystem = Awaited<ReturnType<typeof createActorSystem>>;

/**
 * Create a system, let `setup` spawn what it needs and return the round function, and
 * wrap both as a session whose `close` shuts the system down (bounded, never throws).
 */
export async function openSystemSession<Sample>(
  options: TroupeSystemOptions,
  setup: (system: TroupeSystem) => Promise<() => Promise<Sample>>,
): Promise<MeasureSession<Sample>> {
  const system = await createActorSystem(options);
  const close = async () => {
    try {
      await withTimeout(Promise.resolve(system.shutdown()), 10_000, 'actor system shutdown');
    } catch (error) {
      console.error(`  bench: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  try {
    return { measureRound: await setup(system), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * An explicit id that the runtime will home on `thread` of `threads`; `actorIdOf` maps it to
 * the actor id it is homed by when that differs (a workflow run's id → its run actor's).
 */
export function idOnThread(
  prefix: string,
  thread: number,
  threads: number,
  actorIdOf: (id: string) => string = (id) => id,
): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const id = `${prefix}-${attempt}`;
    if (homeThread(actorIdOf(id), threads) === thread) return id;
  }
  throw new Error(`no id with prefix ${prefix} hashes to thread ${thread} of ${threads}`);
}

/** Throw if a spawned actor did not land where the measurement needs it. */
export function assertOnThread(ref: { readonly id: string; readonly thread: number }, thread: number): void {
  if (ref.thread !== thread) throw new Error(`${ref.id} is on thread ${ref.thread}, expected ${thread}`);
}
