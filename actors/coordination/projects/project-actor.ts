/**
 * `ProjectActor` (`project:<id>`): one project — its record in state, its table entries
 * (project-indexes.ts) written with the turn. It checks who may change it and how
 * (project-record.ts); the facade (api.ts) has checked the input and that the agents it names
 * are registered. Its goals are goal actors (goal-actor.ts), found through `goals-by-project`.
 * An agent actor tells it `participant-gone` when an agent deregisters: the agent loses every
 * role in the project.
 *
 * It is spawned blank and made by `create` (or `restore`, from a migrated project).
 */
import { defineActor, type Outcome, refuse, reply } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { ParticipantGone } from '../sessions/participant-gone.js';
import { writeProjectIndexes } from './project-indexes.js';
import {
  type Change,
  changeProject,
  mayChangeProject,
  type ProjectRecord,
  type ProjectStatus,
  projectWithout,
} from './project-record.js';

export interface NewProject {
  readonly name: string;
  readonly description: string;
  readonly leadAgentId: string | null;
  readonly memberIds: readonly string[];
  readonly status: ProjectStatus;
}

export type ProjectMsg =
  | { readonly type: 'create'; readonly caller: Caller; readonly project: NewProject }
  | { readonly type: 'update'; readonly caller: Caller; readonly change: Change<ProjectStatus> }
  /** A migrated record (answered `true` when written, `false` when the project existed). */
  | { readonly type: 'restore'; readonly record: ProjectRecord }
  | ParticipantGone;

export interface ProjectState {
  readonly record: ProjectRecord | null;
}

const PREFIX = 'project:';

export const ProjectActor = defineActor<ProjectMsg, ProjectState>({
  module: import.meta.url,
  name: 'ProjectActor',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => ({ record: null }),
  receive: (state, msg, ctx) => {
    const now = ctx.now();
    const project = state.record;
    switch (msg.type) {
      case 'create': {
        if (project)
          return reply(refuse('already_exists', `project "${project.id}" exists`, 'project_id'), state);
        const ownerId = msg.caller.kind === 'agent' ? msg.caller.agentId : null;
        const record: ProjectRecord = {
          id: ctx.self.id.slice(PREFIX.length),
          name: msg.project.name,
          description: msg.project.description,
          ownerId,
          leadAgentId: msg.project.leadAgentId,
          memberIds: [...new Set(msg.project.memberIds)].filter((id) => id !== ownerId),
          status: msg.project.status,
          createdAt: now,
          updatedAt: now,
        };
        writeProjectIndexes(ctx, null, record);
        return reply({ ok: true, value: record } satisfies Outcome<ProjectRecord>, { record });
      }
      case 'restore': {
        if (project) return reply(false, state);
        writeProjectIndexes(ctx, null, msg.record);
        return reply(true, { record: msg.record });
      }
      case 'participant-gone': {
        if (!project || msg.reason !== 'deregistered') return state;
        const after = projectWithout(project, msg.agentId, now);
        writeProjectIndexes(ctx, project, after);
        return { record: after };
      }
      case 'update': {
        if (!project)
          return reply(
            refuse('not_found', `no project "${ctx.self.id.slice(PREFIX.length)}"`, 'project_id'),
            state,
          );
        if (!mayChangeProject(project, msg.caller))
          return reply(
            refuse(
              'forbidden',
              `only the owner, lead or members of project "${project.id}" change it`,
              'project_id',
            ),
            state,
          );
        const changed = changeProject(project, msg.change, now);
        if (!changed.ok) return reply(changed, state);
        writeProjectIndexes(ctx, project, changed.value);
        return reply(changed, { record: changed.value });
      }
    }
  },
});
