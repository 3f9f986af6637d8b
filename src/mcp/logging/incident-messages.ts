/**
 * Which system events are incidents an MCP client hears of (`notifications/message`), and how
 * each reads: a deadlock broken, a jammed thread replaced, a worker thread crashed, an actor
 * quarantined, suspended or failing past its restart intensity (a crash loop), a failed
 * commit. A pure mapping from the kernel's event union; sending is `session-log.ts`'s.
 * Everything else on the event stream (dead letters, restarts, waits…) is routine here.
 */
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import type { SystemEvent } from '../../kernel/index.js';

/** One log message as MCP carries it: a level, the logger (what it is about) and JSON data. */
export interface LogMessage {
  readonly level: LoggingLevel;
  readonly logger: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The message an event gives clients, or null for an event that is no incident. */
export function incidentMessageOf(event: SystemEvent): LogMessage | null {
  const incident = (level: LoggingLevel, data: Record<string, unknown>): LogMessage => ({
    level,
    logger: 'troupe.incidents',
    data: { incident: event.type, ...data },
  });
  switch (event.type) {
    case 'deadlock':
      return incident('warning', {
        message: `deadlock broken: ${event.victim}'s wait failed`,
        cycle: [...event.cycle],
        victim: event.victim,
        kind: event.kind,
      });
    case 'thread-jammed':
      return incident('error', {
        message: `thread ${event.thread} jammed and was replaced`,
        thread: event.thread,
        actor_id: event.actorId,
        reason: event.reason,
      });
    case 'worker-crashed':
      return incident('error', {
        message: `worker thread ${event.thread} crashed`,
        thread: event.thread,
        error: event.error.message,
      });
    case 'actor-quarantined':
      return incident('error', {
        message: `actor ${event.id} quarantined: its stored state could not be read`,
        actor_id: event.id,
        error: event.error.message,
      });
    case 'reached-max-restart-intensity':
      return incident('error', {
        message: `crash loop: ${event.child} failed past its restart intensity`,
        supervisor: event.supervisor,
        actor_id: event.child,
      });
    case 'actor-suspended':
      return incident('error', {
        message: `crash loop: actor ${event.id} suspended after ${event.failures} failures`,
        actor_id: event.id,
        failures: event.failures,
        resume_at: new Date(event.resumeAt).toISOString(),
        error: event.reason.message,
      });
    case 'commit-failed':
      return incident('error', {
        message: `a commit of ${event.id} failed; it is reloaded from the store`,
        actor_id: event.id,
        error: event.error.message,
      });
    case 'dead-letter':
    case 'actor-failed':
    case 'actor-restarted':
    case 'actor-stopped':
    case 'spawn-failed':
    case 'late-reply':
    case 'terminate-failed':
    case 'actor-passivated':
    case 'actor-resumed':
    case 'wait-started':
    case 'wait-ended':
    case 'worker-replaced':
      return null;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
