/**
 * What a logical thread is told when it starts (or restarts after its worker died): the
 * system's options, the spawn defaults, the store's sequence, the jams charged to messages
 * of its previous worker, and a fresh turn-watch buffer that the watchdog is told to watch.
 *
 * It does not run the task (`thread-pool.ts`); the task's shape is the wire's (`ThreadTask`).
 */
import type { SpawnDefaults } from '../actor/spawn-spec.js';
import { createDeathNoteBuffer } from '../wire/death-note.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { createTurnWatchBuffer } from '../wire/turn-watch.js';
import type { JamHandler } from './jam-handler.js';
import type { ResolvedSystemOptions } from './options.js';
import type { ThreadPorts, ThreadTaskFactory } from './thread-pool.js';
import type { Watchdog } from './watchdog.js';

export interface ThreadTaskSources {
  readonly options: ResolvedSystemOptions;
  readonly defaults: SpawnDefaults;
  /** The process-wide sequence of a durable system, or `null`. */
  readonly sequence: SharedArrayBuffer | null;
  readonly jams: Pick<JamHandler, 'takeCharges'>;
  readonly watchdog: Pick<Watchdog, 'watch'>;
  /** Whether anyone watches the waits between actors (`wire/wait-watch.ts`). */
  readonly waitWatch: SharedArrayBuffer;
}

export function createThreadTaskFactory(sources: ThreadTaskSources): ThreadTaskFactory {
  const { options, defaults, sequence, jams, watchdog, waitWatch } = sources;
  return (thread: number, ports: ThreadPorts): ThreadTask => {
    const turnWatch = createTurnWatchBuffer();
    watchdog.watch(thread, turnWatch);
    return {
      thread,
      turnWatch,
      deathNote: createDeathNoteBuffer(),
      waitWatch,
      turnTimeoutMs: options.turnTimeoutMs,
      maxStateBytes: options.maxStateBytes,
      clock: options.clock,
      jammed: jams.takeCharges(thread),
      threads: options.threads,
      throughput: options.throughput,
      askTimeoutMs: options.askTimeoutMs,
      unknownActorGraceMs: options.unknownActorGraceMs,
      defaults,
      store: options.store,
      sequence,
      idleTimeoutMs: options.idleTimeoutMs,
      maxActiveActors: options.maxActiveActors,
      mainPort: ports.mainPort,
      controlPort: ports.controlPort,
      peerPorts: ports.peerPorts,
    };
  };
}
