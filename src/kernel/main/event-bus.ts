/**
 * The main thread's fan-out of system events to `system.subscribe` listeners: a throwing
 * listener never breaks the runtime. What is kept of past events is a listener's business
 * (`incident-log.ts`).
 */
import type { SystemEvent, SystemEventListener } from '../wire/events.js';

export class EventBus {
  private readonly listeners = new Set<SystemEventListener>();

  subscribe(listener: SystemEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: SystemEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`troupe event listener threw: ${String(error)}`);
      }
    }
  }
}
