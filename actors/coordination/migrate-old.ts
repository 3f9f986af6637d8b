/**
 * `migrateOldCoordination`: the one-off move from the previous version's board actors (one
 * actor holding every record of a kind) to an actor per entity, run by `startCoordination`
 * before anything is served. Each area converts and applies its own part; this file only
 * says in which order: agents first (inboxes, subscriptions, and the evaluations kept on the
 * project board), then locks, sessions, tasks, projects (which removes the project board the
 * agents area read), and the router. Each area removes its old state only after its records
 * are in their new actors, so a crash midway is finished by the next start; an area whose old
 * state is gone reports `null`.
 */
import { type AgentsMigrationReport, migrateOldAgents } from './agents/apply-migration.js';
import type { AgentsDomain } from './agents/domain.js';
import { type LockMigrationReport, migrateLocks } from './locks/migrate-locks.js';
import { migrateProjectBoard } from './projects/migrate-projects.js';
import { migrateRouter } from './routing/migrate-routing.js';
import { migrateSessionBoard } from './sessions/migrate-sessions.js';
import type { StoredStates } from './stored-states.js';
import { migrateTaskBoard } from './tasks/migrate-tasks.js';
import type { MigrationReport } from './tasks/old-states.js';

/** What each area moved (null: it found nothing of the previous version). */
export interface CoordinationMigration {
  readonly agents: AgentsMigrationReport | null;
  readonly locks: LockMigrationReport | null;
  readonly sessions: MigrationReport | null;
  readonly tasks: MigrationReport | null;
  readonly projects: MigrationReport | null;
  readonly routing: MigrationReport | null;
}

/** Move every old board found in `stored` into its entity actors; null when the store had none. */
export async function migrateOldCoordination(
  domain: AgentsDomain,
  stored: StoredStates,
): Promise<CoordinationMigration | null> {
  const { system, limits } = domain;
  const now = domain.clock.now();
  const agents = await migrateOldAgents(domain, stored);
  const lockReport = await migrateLocks(system, stored, now);
  const report: CoordinationMigration = {
    agents,
    locks: lockReport.found ? lockReport : null,
    sessions: await migrateSessionBoard(system, stored, now, limits),
    tasks: await migrateTaskBoard(system, stored, now, limits),
    projects: await migrateProjectBoard(system, stored, now),
    routing: await migrateRouter(system, stored, now, limits),
  };
  return Object.values(report).every((part) => part === null) ? null : report;
}

/** One line per area that moved something, for the log. */
export function describeMigration(report: CoordinationMigration): string[] {
  const lines: string[] = [];
  if (report.agents)
    lines.push(
      `agents: ${report.agents.restored.length} restored, dropped ${JSON.stringify(report.agents.dropped)}`,
    );
  if (report.locks) lines.push(`locks: ${report.locks.leases} leases on ${report.locks.locks} paths`);
  for (const part of [report.sessions, report.tasks, report.projects, report.routing])
    if (part)
      lines.push(
        `${part.from}: ${part.migrated} moved, ${part.existing} already there, ${part.dropped.length} dropped`,
      );
  return lines;
}
