/**
 * The actors of the word-count example: a Coordinator that fans lines out to Counter
 * children spread over the worker threads and gathers their totals.
 */
import { type ActorRef, defineActor, reply } from '../src/kernel/index.js';

export type TallyMsg = { readonly type: 'line'; readonly text: string } | { readonly type: 'total' };

/** Counts words; a line containing "poison" makes it throw, and its supervisor restarts it. */
export const Tally = defineActor<TallyMsg, Map<string, number>, undefined>({
  module: import.meta.url,
  name: 'Tally',
  init: () => new Map(),
  receive: (counts, msg) => {
    if (msg.type === 'total') return reply(Object.fromEntries(counts), counts);
    if (msg.text.includes('poison')) throw new Error('poisoned line');
    for (const word of msg.text.toLowerCase().match(/[a-z']+/g) ?? [])
      counts.set(word, (counts.get(word) ?? 0) + 1);
    return counts;
  },
});

export type CoordinatorMsg = { readonly type: 'line'; readonly text: string } | { readonly type: 'totals' };

interface CoordinatorState {
  readonly tallies: ActorRef<TallyMsg>[];
  next: number;
}

export const Coordinator = defineActor<CoordinatorMsg, CoordinatorState, { readonly tallies: number }>({
  module: import.meta.url,
  name: 'Coordinator',
  // Explicit ids spread the tallies over the threads by hash.
  init: ({ tallies }, ctx) => ({
    tallies: Array.from({ length: tallies }, (_, i) => ctx.spawn(Tally, { id: `tally-${i}` })),
    next: 0,
  }),
  receive: async (state, msg, ctx) => {
    if (msg.type === 'line') {
      ctx.tell(state.tallies[state.next % state.tallies.length] as ActorRef<TallyMsg>, msg);
      state.next++;
      return state;
    }
    // An async turn: the coordinator waits for every tally, other actors keep running.
    const parts = await Promise.all(
      state.tallies.map((t) => ctx.ask<Record<string, number>>(t, { type: 'total' })),
    );
    const merged: Record<string, number> = {};
    for (const part of parts)
      for (const [word, n] of Object.entries(part)) merged[word] = (merged[word] ?? 0) + n;
    return reply(merged, state);
  },
});
