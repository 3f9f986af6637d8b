/**
 * `troupe://waits`: the deadlock detector's view — the wait-for graph as it stands (who waits
 * for whom, why: an ask, a lock on a path, a workflow step; since when) and the recent
 * deadlocks it broke (the cycle, the wait it failed). Read-only; the detector owns the graph
 * (`actors/supervisors/deadlock/`). Served only when the runtime runs a detector.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CurrentWait, DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import { isoTime } from '../records/time.js';
import { JSON_MIME, jsonContents } from './contents.js';
import { FIXED_URIS } from './uris.js';

export const WAITS_URI = FIXED_URIS.waits;

function waitRecord(wait: CurrentWait) {
  return {
    from: wait.from,
    to: wait.to,
    kind: wait.kind,
    since: isoTime(wait.since),
    ...(wait.about === undefined ? {} : { about: wait.about }),
  };
}

export function registerWaitsResource(server: McpServer, detector: DeadlockDetector): void {
  server.registerResource(
    'waits',
    WAITS_URI,
    {
      title: 'Wait-for graph',
      description:
        'The wait-for graph now (from, to, kind: ask | lock | step, since, about: the locked path) and the recent deadlocks the detector broke (cycle, victim).',
      mimeType: JSON_MIME,
    },
    async (uri) =>
      jsonContents(uri, {
        waits: detector.waits().map(waitRecord),
        deadlocks: detector.deadlocks().map((record) => ({
          at: isoTime(record.at),
          cycle: record.cycle,
          victim: waitRecord(record.victim),
        })),
      }),
  );
}
