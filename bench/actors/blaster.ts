/**
 * `Blaster`: the sending end of tell-cross. On `blast` it tells `count` small messages to
 * `target`, `chunk` per turn, yielding between turns with a self-tell so the runtime can
 * flush cross-thread batches while it keeps producing. Completion is the Sink's business.
 */
import { type ActorRef, defineActor } from '../../src/kernel/index.js';
import type { SinkMsg } from './sink.js';

export type BlasterMsg =
  | {
      readonly type: 'blast';
      readonly target: ActorRef<SinkMsg>;
      readonly count: number;
      readonly chunk: number;
    }
  | { readonly type: 'continue' };

interface Blast {
  readonly target: ActorRef<SinkMsg>;
  readonly remaining: number;
  readonly chunk: number;
}

export const Blaster = defineActor<BlasterMsg, Blast | null, void>({
  module: import.meta.url,
  name: 'Blaster',
  init: () => null,
  receive: (blast, message, ctx) => {
    switch (message.type) {
      case 'blast': {
        ctx.tell(ctx.self, { type: 'continue' });
        return { target: message.target, remaining: message.count, chunk: message.chunk };
      }
      case 'continue': {
        if (!blast) return blast;
        const size = Math.min(blast.chunk, blast.remaining);
        for (let index = 0; index < size; index++) ctx.tell(blast.target, { type: 'inc', by: 1 });
        const remaining = blast.remaining - size;
        if (remaining === 0) return null;
        ctx.tell(ctx.self, { type: 'continue' });
        return { ...blast, remaining };
      }
    }
  },
});
