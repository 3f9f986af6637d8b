/**
 * Who hears of the system events broadcast in this process, besides the subscribed agents:
 * `onSystemEventBroadcast(system, listener)` — the workflow engine's event triggers, say.
 * `broadcastSystemEvent` announces each event it accepted, once, after delivering it. A
 * listener's failure is its own. Not here: subscriptions and delivery (api.ts).
 */
import type { ActorSystem } from '../../../src/kernel/index.js';

export interface BroadcastEvent {
  readonly eventType: string;
  readonly data: unknown;
  /** The sending agent's id, or `operator`. */
  readonly sender: string;
}

export type BroadcastListener = (event: BroadcastEvent) => void;

const listeners = new WeakMap<ActorSystem, Set<BroadcastListener>>();

/** Hear every event broadcast on `system` from now on. Returns the function that stops it. */
export function onSystemEventBroadcast(system: ActorSystem, listener: BroadcastListener): () => void {
  const set = listeners.get(system) ?? new Set<BroadcastListener>();
  set.add(listener);
  listeners.set(system, set);
  return () => set.delete(listener);
}

export function announceBroadcast(system: ActorSystem, event: BroadcastEvent): void {
  for (const listener of listeners.get(system) ?? []) {
    try {
      listener(event);
    } catch {
      // The listener's own failure: the broadcast stands.
    }
  }
}
