/**
 * `IncidentLog`: the recent incidents `inspect()` reports — the events an operator asks
 * about after the fact (deadlocks, jams, crashes, escalations, suspensions, quarantines,
 * failed commits), the latest {@link KEPT_INCIDENTS}, oldest first. Other events pass it by.
 */
import type { SystemEvent, SystemEventType } from '../wire/events.js';

const INCIDENTS: ReadonlySet<SystemEventType> = new Set<SystemEventType>([
  'deadlock',
  'thread-jammed',
  'worker-crashed',
  'reached-max-restart-intensity',
  'actor-suspended',
  'actor-quarantined',
  'commit-failed',
]);
const KEPT_INCIDENTS = 100;

export class IncidentLog {
  private readonly kept: SystemEvent[] = [];

  /** The latest incidents, oldest first. */
  get incidents(): readonly SystemEvent[] {
    return this.kept;
  }

  /** Keep `event` if it is an incident. */
  record(event: SystemEvent): void {
    if (!INCIDENTS.has(event.type)) return;
    this.kept.push(event);
    if (this.kept.length > KEPT_INCIDENTS) this.kept.shift();
  }
}
