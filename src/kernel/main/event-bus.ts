/**
 * The main thread's fan-out of system events to `system.subscribe` listeners: a throwing
 * listener never breaks the runtime. It keeps the recent incidents `inspect()` reports.
 */
import type { SystemEvent, SystemEventListener, SystemEventType } from '../wire/events.js';

/** The events kept for `inspect()`: what an operator asks about after the fact. */
const INCIDENTS: ReadonlySet<SystemEventType> = new Set<SystemEventType>([
  'deadlock',
  'thread-jammed',
  'worker-crashed',
  'reached-max-restart-intensity',
  'actor-quarantined',
  'commit-failed',
]);
const KEPT_INCIDENTS = 100;

/** Fan-out of events to listeners; a throwing listener never breaks the runtime. Keeps recent incidents. */
export class EventBus {
  private readonly listeners = new Set<SystemEventListener>();
  private readonly kept: SystemEvent[] = [];

  /** The latest incidents (deadlocks, jams, crashes, escalations…), oldest first. */
  get incidents(): readonly SystemEvent[] {
    return this.kept;
  }

  subscribe(listener: SystemEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: SystemEvent): void {
    if (INCIDENTS.has(event.type)) {
      this.kept.push(event);
      if (this.kept.length > KEPT_INCIDENTS) this.kept.shift();
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`troupe event listener threw: ${String(error)}`);
      }
    }
  }
}
