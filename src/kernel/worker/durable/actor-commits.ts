/**
 * `ActorCommits`: the commit pipeline as one actor's writes see it. Each entry counts as
 * pending on its cell until it is acknowledged or failed (passivation and read-only turns
 * wait on that count), and an entry of an incarnation that was dropped meanwhile is not
 * written at all.
 *
 * What is written, and what happens after, is decided by the callers: `commits.ts` (turns,
 * quarantined mail, stops) and `activation.ts` (claiming an actor).
 */
import { TroupeError } from '../../errors.js';
import type { StoreWriter } from '../../persistence/store.js';
import type { ActorCell } from '../cell.js';
import type { CommitPipeline } from './commit-pipeline.js';

/** A turn's writes were not committed because the actor was reloaded meanwhile. */
class StaleTurnError extends TroupeError {
  constructor(actorId: string) {
    super('fenced', `actor "${actorId}" was reloaded before this write committed`);
  }
}

export class ActorCommits {
  constructor(private readonly pipeline: CommitPipeline) {}

  /**
   * Add `cell`'s `write` to the open batch: `after` once it is acknowledged, `onFail` if it was
   * not written (not for an incarnation dropped meanwhile), `notWritten` whenever it was not
   * written, that case included (a turn's asker must hear of it).
   */
  add(
    cell: ActorCell,
    write: (w: StoreWriter) => void,
    after: () => void,
    onFail: (error: Error) => void,
    notWritten?: (error: Error) => void,
  ): void {
    const incarnation = cell.incarnation;
    cell.pendingCommits++;
    this.pipeline.add({
      write: (w) => {
        if (cell.incarnation !== incarnation && cell.removed) throw new StaleTurnError(cell.id);
        write(w);
      },
      after: () => {
        cell.pendingCommits--;
        after();
      },
      onFail: (error) => {
        cell.pendingCommits--;
        notWritten?.(error);
        if (!(error instanceof StaleTurnError)) onFail(error);
      },
    });
  }
}
