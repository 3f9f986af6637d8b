/**
 * `GoalActor` (`goal:<id>`): one goal — its record in state, its table entries
 * (project-indexes.ts) written with the turn. A goal in a project is changed by whoever may
 * change the project, and not once the project is closed: the facade reads the project's
 * committed record (`projects` [id]) and hands it over with the request, so the rule is
 * applied here, in one place (project-record.ts). A goal in no project is its owner's; an
 * agent actor tells it `participant-gone` when the owner deregisters.
 *
 * It is spawned blank and made by `create` (or `restore`, from a migrated goal).
 */
import { defineActor, type Outcome, refuse, reply } from '../../../src/kernel/index.js';
import type { Caller } from '../caller.js';
import type { ParticipantGone } from '../sessions/participant-gone.js';
import { writeGoalIndexes } from './project-indexes.js';
import {
  type Change,
  changeGoal,
  type GoalRecord,
  type GoalStatus,
  mayChangeGoal,
  type ProjectRecord,
} from './project-record.js';

export interface NewGoal {
  readonly name: string;
  readonly description: string;
  readonly projectId: string | null;
  readonly parentGoalId: string | null;
  readonly successCriteria: readonly string[];
  readonly due: number | null;
  readonly status: GoalStatus;
}

export type GoalMsg =
  | { readonly type: 'create'; readonly caller: Caller; readonly goal: NewGoal }
  | {
      readonly type: 'update';
      readonly caller: Caller;
      readonly change: Change<GoalStatus>;
      /** The goal's project as committed now (`null`: the goal is in no project). */
      readonly project: ProjectRecord | null;
    }
  /** A migrated record (answered `true` when written, `false` when the goal existed). */
  | { readonly type: 'restore'; readonly record: GoalRecord }
  | ParticipantGone;

export interface GoalState {
  readonly record: GoalRecord | null;
}

const PREFIX = 'goal:';

export const GoalActor = defineActor<GoalMsg, GoalState>({
  module: import.meta.url,
  name: 'GoalActor',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: () => ({ record: null }),
  receive: (state, msg, ctx) => {
    const now = ctx.now();
    const goal = state.record;
    switch (msg.type) {
      case 'create': {
        if (goal) return reply(refuse('already_exists', `goal "${goal.id}" exists`, 'goal_id'), state);
        const record: GoalRecord = {
          id: ctx.self.id.slice(PREFIX.length),
          ...msg.goal,
          ownerId: msg.caller.kind === 'agent' ? msg.caller.agentId : null,
          createdAt: now,
          updatedAt: now,
        };
        writeGoalIndexes(ctx, null, record);
        return reply({ ok: true, value: record } satisfies Outcome<GoalRecord>, { record });
      }
      case 'restore': {
        if (goal) return reply(false, state);
        writeGoalIndexes(ctx, null, msg.record);
        return reply(true, { record: msg.record });
      }
      case 'participant-gone': {
        if (!goal || msg.reason !== 'deregistered' || goal.ownerId !== msg.agentId) return state;
        const after: GoalRecord = { ...goal, ownerId: null, updatedAt: now };
        writeGoalIndexes(ctx, goal, after);
        return { record: after };
      }
      case 'update': {
        if (!goal)
          return reply(
            refuse('not_found', `no goal "${ctx.self.id.slice(PREFIX.length)}"`, 'goal_id'),
            state,
          );
        if (!mayChangeGoal(goal, msg.project, msg.caller)) {
          const whose = msg.project
            ? `the owner, lead or members of project "${msg.project.id}"`
            : 'its owner';
          return reply(refuse('forbidden', `only ${whose} change goal "${goal.id}"`, 'goal_id'), state);
        }
        const changed = changeGoal(goal, msg.project, msg.change, now);
        if (!changed.ok) return reply(changed, state);
        writeGoalIndexes(ctx, goal, changed.value);
        return reply(changed, { record: changed.value });
      }
    }
  },
});
