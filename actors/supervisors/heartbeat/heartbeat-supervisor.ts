/**
 * `HeartbeatSupervisor`: the heartbeat monitor as a (durable) actor. External entities
 * (agents, downstream servers) are registered with an interval and beat; a periodic sweep
 * turns silence into `unresponsive`, then `offline`, and tells every watcher so owners can
 * re-queue work and release leases.
 *
 * Beats missed while troupe itself was down do not count: when the actor comes back from
 * the store (a new process) its monitor is restored with every last beat set to "now", and
 * a sweep that finds it missed its own periodic firings does the same — so a restart never
 * floods watchers with false offline marks.
 */
import { type ActorRef, defineActor, reply } from '../../../src/kernel/index.js';
import { systemClock } from '../flood/clock.js';
import { type HeartbeatEvent, HeartbeatMonitor } from './heartbeat-monitor.js';
import type { HeartbeatSnapshot } from './heartbeat-snapshot.js';

/** What watchers receive. */
export type HeartbeatNotice = { readonly type: 'heartbeat'; readonly event: HeartbeatEvent };

export type HeartbeatSupervisorMsg =
  | { readonly type: 'register'; readonly id: string; readonly intervalMs: number }
  | { readonly type: 'beat'; readonly id: string }
  | { readonly type: 'deregister'; readonly id: string }
  | { readonly type: 'status'; readonly id?: string }
  | { readonly type: 'watch'; readonly watcher: ActorRef<HeartbeatNotice> }
  | { readonly type: 'sweep' };

export interface HeartbeatSupervisorArgs {
  readonly sweepEveryMs?: number;
  readonly offlineGraceMs?: number;
}

interface HeartbeatSupervisorState {
  readonly snapshot: HeartbeatSnapshot;
  readonly watchers: readonly ActorRef<HeartbeatNotice>[];
  readonly sweepEveryMs: number;
  readonly offlineGraceMs: number | undefined;
}

/** Live monitors of the actors on this thread, by actor id (rebuilt from the snapshot after a restart). */
const live = new Map<string, { readonly monitor: HeartbeatMonitor; readonly snapshot: HeartbeatSnapshot }>();

function monitorOf(id: string, state: HeartbeatSupervisorState): HeartbeatMonitor {
  const cached = live.get(id);
  if (cached && cached.snapshot === state.snapshot) return cached.monitor;
  // Not this thread's live monitor (a new process, or a reloaded state): troupe was away, forgive the gap.
  const monitor = new HeartbeatMonitor({ clock: systemClock, offlineGraceMs: state.offlineGraceMs });
  monitor.restore(state.snapshot);
  return monitor;
}

function next(
  id: string,
  state: HeartbeatSupervisorState,
  monitor: HeartbeatMonitor,
): HeartbeatSupervisorState {
  const snapshot = monitor.snapshot();
  live.set(id, { monitor, snapshot });
  return { ...state, snapshot };
}

export const HeartbeatSupervisor = defineActor<
  HeartbeatSupervisorMsg,
  HeartbeatSupervisorState,
  HeartbeatSupervisorArgs
>({
  module: import.meta.url,
  name: 'HeartbeatSupervisor',
  init: (args, ctx) => {
    const sweepEveryMs = args?.sweepEveryMs ?? 1_000;
    ctx.schedule(sweepEveryMs, { type: 'sweep' }, { key: 'sweep', every: sweepEveryMs });
    const monitor = new HeartbeatMonitor({ clock: systemClock, offlineGraceMs: args?.offlineGraceMs });
    return { snapshot: monitor.snapshot(), watchers: [], sweepEveryMs, offlineGraceMs: args?.offlineGraceMs };
  },
  receive: (state, msg, ctx) => {
    const id = ctx.self.id;
    const monitor = monitorOf(id, state);
    const notify = (events: readonly HeartbeatEvent[]) => {
      for (const event of events)
        for (const watcher of state.watchers) ctx.tell(watcher, { type: 'heartbeat', event });
    };
    switch (msg.type) {
      case 'register':
        notify(monitor.register(msg.id, msg.intervalMs));
        return next(id, state, monitor);
      case 'beat':
        notify(monitor.beat(msg.id));
        return next(id, state, monitor);
      case 'deregister':
        monitor.deregister(msg.id);
        return next(id, state, monitor);
      case 'status':
        return reply(msg.id === undefined ? monitor.list() : (monitor.status(msg.id) ?? null), state);
      case 'watch':
        return {
          ...state,
          watchers: [...state.watchers.filter((w) => w.id !== msg.watcher.id), msg.watcher],
        };
      case 'sweep':
        // Our own periodic sweeps were missed: troupe was down; those silences are not the entities' fault.
        if (ctx.missedFirings > 0) monitor.resumeAfterDowntime();
        notify(monitor.sweep());
        return next(id, state, monitor);
    }
  },
  terminate: (_state, _reason, ctx) => {
    live.delete(ctx.self.id);
  },
});
