/**
 * `FeatureFlagsActor`: the one writer of the `feature-flags` table (a durable actor, id
 * `feature-flags`). A `set` is acknowledged once its turn committed — the flag is then in the
 * store, read by anyone through the table without a hop to this actor. It keeps no state of
 * its own: the table is the state. At most MAX_FLAGS flags (`limit_exceeded` past it).
 */
import { defineActor, type Outcome, refuse, reply } from '../../../src/kernel/index.js';
import { type FeatureFlag, FLAGS_TABLE, MAX_FLAGS } from './feature-flag.js';

export const FLAGS_ACTOR_ID = 'feature-flags';

export type FlagsMsg =
  | { readonly type: 'set'; readonly flag: Omit<FeatureFlag, 'updatedAt'> }
  | { readonly type: 'delete'; readonly name: string };

/** `set`: the flag as stored and whether it is new; `delete`: the flag removed (null: there was none). */
export interface FlagChange {
  readonly flag: FeatureFlag | null;
  readonly created: boolean;
}

export const FeatureFlagsActor = defineActor<FlagsMsg, null, undefined>({
  module: import.meta.url,
  name: 'FeatureFlagsActor',
  init: () => null,
  receive: (state, msg, ctx) => {
    const table = ctx.table<FeatureFlag>(FLAGS_TABLE);
    let outcome: Outcome<FlagChange>;
    switch (msg.type) {
      case 'set': {
        const existing = table.get([msg.flag.name]);
        if (!existing && table.range({ limit: MAX_FLAGS }).length >= MAX_FLAGS) {
          outcome = refuse(
            'limit_exceeded',
            `there are ${MAX_FLAGS} flags already: delete one first`,
            'name',
          );
          break;
        }
        const flag: FeatureFlag = { ...msg.flag, updatedAt: ctx.now() };
        table.put([flag.name], flag);
        outcome = { ok: true, value: { flag, created: !existing } };
        break;
      }
      case 'delete': {
        const existing = table.get([msg.name]) ?? null;
        if (existing) table.remove([msg.name]);
        outcome = { ok: true, value: { flag: existing, created: false } };
        break;
      }
    }
    return reply(outcome, state);
  },
});
