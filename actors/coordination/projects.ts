/**
 * `ProjectBoard`: projects, their goals, and the evaluations agents make of each other's
 * contributions. A project has an owner (the agent that created it) and members; only they
 * may add or change its goals or change the project. Status changes follow the transitions
 * of project.ts (a bad one is refused with `invalid_transition`, naming `status`), and an
 * agent may not evaluate itself. Tokens are checked with the registry; domain errors are
 * typed answers. The statuses and rules themselves live in project.ts.
 */
import { randomUUID } from 'node:crypto';
import { type ActorRef, defineActor, type Outcome, refuse, reply } from '../../src/kernel/index.js';
import type { Agent } from './agent.js';
import {
  changeGoal,
  changeProject,
  type Evaluation,
  type EvaluationSummary,
  type Goal,
  type GoalStatus,
  isClosed,
  meanOf,
  type Project,
  type ProjectStatus,
  type ProjectView,
  scoresProblem,
} from './project.js';
import type { RegistryMsg } from './registry.js';

interface Caller {
  readonly agentId: string;
  readonly token: string;
}

export type ProjectMsg =
  | (Caller & {
      readonly type: 'create-project';
      readonly name: string;
      readonly description: string;
      readonly memberIds: readonly string[];
    })
  | (Caller & {
      readonly type: 'update-project';
      readonly projectId: string;
      readonly status?: ProjectStatus;
      readonly description?: string;
    })
  | (Caller & {
      readonly type: 'create-goal';
      readonly projectId: string;
      readonly title: string;
      readonly description: string;
      readonly successCriteria: readonly string[];
      readonly due?: number;
      readonly parentGoalId?: string;
    })
  | (Caller & {
      readonly type: 'update-goal';
      readonly goalId: string;
      readonly status?: GoalStatus;
      readonly description?: string;
    })
  | (Caller & {
      readonly type: 'evaluate';
      readonly contributorId: string;
      readonly contributionRef: string;
      readonly scores: Readonly<Record<string, number>>;
      readonly comments: string;
      readonly projectId?: string;
    })
  | { readonly type: 'list-projects'; readonly status?: ProjectStatus; readonly ownerId?: string }
  | {
      readonly type: 'list-evaluations';
      readonly contributorId?: string;
      readonly evaluatorId?: string;
      readonly projectId?: string;
    };

interface Board {
  readonly registry: ActorRef<RegistryMsg>;
  readonly projects: Readonly<Record<string, Project>>;
  readonly goals: Readonly<Record<string, Goal>>;
  readonly evaluations: Readonly<Record<string, Evaluation>>;
}

const mayChange = (project: Project, agentId: string) =>
  project.ownerId === agentId || project.memberIds.includes(agentId);

function viewOf(board: Board, project: Project): ProjectView {
  return { ...project, goals: Object.values(board.goals).filter((g) => g.projectId === project.id) };
}

export const ProjectBoard = defineActor<ProjectMsg, Board, { readonly registry: ActorRef<RegistryMsg> }>({
  module: import.meta.url,
  name: 'ProjectBoard',
  // Every turn returns a new object to change the state: a read commits nothing.
  immutableState: true,
  init: ({ registry }) => ({ registry, projects: {}, goals: {}, evaluations: {} }),
  receive: async (board, msg, ctx) => {
    const now = Date.now();
    switch (msg.type) {
      case 'list-projects': {
        const projects = Object.values(board.projects)
          .filter(
            (p) => (!msg.status || p.status === msg.status) && (!msg.ownerId || p.ownerId === msg.ownerId),
          )
          .map((p) => viewOf(board, p));
        return reply({ ok: true, value: projects } satisfies Outcome<ProjectView[]>, board);
      }
      case 'list-evaluations': {
        const evaluations = Object.values(board.evaluations).filter(
          (e) =>
            (!msg.contributorId || e.contributorId === msg.contributorId) &&
            (!msg.evaluatorId || e.evaluatorId === msg.evaluatorId) &&
            (!msg.projectId || e.projectId === msg.projectId),
        );
        const summary: EvaluationSummary = {
          evaluations,
          count: evaluations.length,
          meanScore: meanOf(evaluations.map((e) => e.meanScore)),
        };
        return reply({ ok: true, value: summary } satisfies Outcome<EvaluationSummary>, board);
      }
      default:
        break;
    }
    const who = await ctx.ask<Outcome<Agent>>(board.registry, {
      type: 'authorize',
      agentId: msg.agentId,
      token: msg.token,
    });
    if (!who.ok) return reply(who, board);
    /** The ids among these that no registered agent has. */
    const unregistered = async (ids: readonly string[]): Promise<string[]> => {
      const found = await ctx.ask<Outcome<Agent[]>>(board.registry, { type: 'find', filter: {} });
      const known = new Set(found.ok ? found.value.map((a) => a.id) : []);
      return ids.filter((id) => !known.has(id));
    };
    const withProject = (project: Project): Board => ({
      ...board,
      projects: { ...board.projects, [project.id]: project },
    });
    const withGoal = (goal: Goal): Board => ({ ...board, goals: { ...board.goals, [goal.id]: goal } });
    const notMember = (project: Project) =>
      refuse(
        'not_participant',
        `"${msg.agentId}" is neither owner nor member of "${project.id}"`,
        'agent_id',
      );

    switch (msg.type) {
      case 'create-project': {
        const missing = await unregistered(msg.memberIds);
        if (missing.length > 0)
          return reply(
            refuse('not_found', `no agent ${missing.map((id) => `"${id}"`).join(', ')}`, 'member_ids'),
            board,
          );
        const project: Project = {
          id: `project-${randomUUID()}`,
          name: msg.name,
          description: msg.description,
          ownerId: msg.agentId,
          memberIds: [...new Set(msg.memberIds.filter((id) => id !== msg.agentId))],
          status: 'planned',
          createdAt: now,
          updatedAt: now,
        };
        return reply({ ok: true, value: project } satisfies Outcome<Project>, withProject(project));
      }
      case 'update-project': {
        const project = board.projects[msg.projectId];
        if (!project) return reply(refuse('not_found', `no project "${msg.projectId}"`, 'project_id'), board);
        if (!mayChange(project, msg.agentId)) return reply(notMember(project), board);
        const updated = changeProject(project, msg, now);
        return reply(updated, updated.ok ? withProject(updated.value) : board);
      }
      case 'create-goal': {
        const project = board.projects[msg.projectId];
        if (!project) return reply(refuse('not_found', `no project "${msg.projectId}"`, 'project_id'), board);
        if (!mayChange(project, msg.agentId)) return reply(notMember(project), board);
        if (isClosed(project)) {
          const why = `project "${project.id}" is ${project.status}: it takes no new goals`;
          return reply(refuse('closed', why, 'project_id'), board);
        }
        const parent = msg.parentGoalId ? board.goals[msg.parentGoalId] : null;
        if (msg.parentGoalId && parent?.projectId !== project.id) {
          const why = `no goal "${msg.parentGoalId}" in project "${project.id}"`;
          return reply(refuse('not_found', why, 'parent_goal_id'), board);
        }
        const goal: Goal = {
          id: `goal-${randomUUID()}`,
          projectId: project.id,
          parentGoalId: parent?.id ?? null,
          title: msg.title,
          description: msg.description,
          successCriteria: [...msg.successCriteria],
          due: msg.due ?? null,
          status: 'open',
          createdAt: now,
          updatedAt: now,
        };
        return reply({ ok: true, value: goal } satisfies Outcome<Goal>, withGoal(goal));
      }
      case 'update-goal': {
        const goal = board.goals[msg.goalId];
        const project = goal ? board.projects[goal.projectId] : undefined;
        if (!goal || !project) return reply(refuse('not_found', `no goal "${msg.goalId}"`, 'goal_id'), board);
        if (!mayChange(project, msg.agentId)) return reply(notMember(project), board);
        const updated = changeGoal(goal, project, msg, now);
        return reply(updated, updated.ok ? withGoal(updated.value) : board);
      }
      case 'evaluate': {
        if (msg.contributorId === msg.agentId) {
          const why = `"${msg.agentId}" may not evaluate its own contribution`;
          return reply(refuse('self_evaluation', why, 'contributing_agent_id'), board);
        }
        const problem = scoresProblem(msg.scores);
        if (problem) return reply(refuse('invalid_score', problem, 'scores'), board);
        if (msg.projectId && !board.projects[msg.projectId])
          return reply(refuse('not_found', `no project "${msg.projectId}"`, 'project_id'), board);
        if ((await unregistered([msg.contributorId])).length > 0)
          return reply(
            refuse('not_found', `no agent "${msg.contributorId}"`, 'contributing_agent_id'),
            board,
          );
        const evaluation: Evaluation = {
          id: `evaluation-${randomUUID()}`,
          evaluatorId: msg.agentId,
          contributorId: msg.contributorId,
          contributionRef: msg.contributionRef,
          projectId: msg.projectId ?? null,
          scores: { ...msg.scores },
          meanScore: meanOf(Object.values(msg.scores)) ?? 0,
          comments: msg.comments,
          createdAt: now,
        };
        return reply({ ok: true, value: evaluation } satisfies Outcome<Evaluation>, {
          ...board,
          evaluations: { ...board.evaluations, [evaluation.id]: evaluation },
        });
      }
    }
  },
});
