/**
 * Seed 003's orchestration patterns as MCP prompts — hub-and-spoke, peer-to-peer, assembly
 * line, hierarchical. Each takes the agents (and the task, topic, stages or goal) as arguments
 * and gives one user message: what the pattern is for, the tool calls that set it up now (a
 * JSON list of `{ tool, arguments }`, to make in order — each valid as written, ids derived
 * from the arguments so that later calls can name what earlier ones create), and the calls
 * that follow as work comes back. The plans call troupe's own tools; the rules (who may
 * delegate, what a workflow step is) stay in the tools and actors.
 */
import { z } from 'zod';
import {
  clip,
  derivedId,
  IdArgSchema,
  idListArgSchema,
  type PromptArgumentSpec,
  TextArgSchema,
  WordListArgSchema,
} from './prompt-arguments.js';

/** One tool call of a plan. */
export interface PlannedCall {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
}

/** What a pattern's prompt says: why, the calls to make now, and what follows. */
export interface Plan {
  readonly summary: string;
  readonly calls: readonly PlannedCall[];
  readonly later: readonly string[];
}

export interface OrchestrationPattern {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly arguments: readonly PromptArgumentSpec[];
  readonly schema: z.ZodType<Readonly<Record<string, unknown>>>;
  plan(args: Readonly<Record<string, unknown>>): Plan;
}

/** A pattern with its arguments' parsed type (stored as `OrchestrationPattern`). */
function pattern<S extends z.ZodType<Readonly<Record<string, unknown>>>>(
  definition: Omit<OrchestrationPattern, 'schema' | 'plan'> & {
    readonly schema: S;
    plan(args: z.output<S>): Plan;
  },
): OrchestrationPattern {
  return definition as unknown as OrchestrationPattern;
}

const HubArgs = z.strictObject({
  orchestrator_id: IdArgSchema,
  task: TextArgSchema,
  worker_ids: idListArgSchema(1),
  capabilities: WordListArgSchema.optional(),
});

const PeerArgs = z.strictObject({
  agent_ids: idListArgSchema(2),
  topic: TextArgSchema,
  capabilities: WordListArgSchema.optional(),
});

const LineArgs = z.strictObject({
  creator_id: IdArgSchema,
  name: z
    .string()
    .regex(
      /^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,127}$/,
      'must be a workflow name: 1–128 of A-Z a-z 0-9 _ . : @ + -',
    ),
  stages: idListArgSchema(2),
  description: TextArgSchema.optional(),
});

const TreeArgs = z.strictObject({
  coordinator_id: IdArgSchema,
  goal: TextArgSchema,
  team_lead_ids: idListArgSchema(1),
});

const hubAndSpoke = pattern({
  name: 'hub_and_spoke',
  title: 'Hub-and-spoke orchestration',
  description:
    'An orchestrator splits a task and delegates one part to each worker; workers report back and the orchestrator merges the results. For task decomposition and centralized coordination.',
  arguments: [
    { name: 'orchestrator_id', description: 'the orchestrating agent', required: true, kind: 'agent' },
    { name: 'task', description: 'the complex task to split', required: true, kind: 'text' },
    { name: 'worker_ids', description: 'the worker agents, comma-separated', required: true, kind: 'agents' },
    {
      name: 'capabilities',
      description: 'capabilities the task needs, comma-separated',
      required: false,
      kind: 'text',
    },
  ],
  schema: HubArgs,
  plan({ orchestrator_id, task, worker_ids, capabilities = [] }) {
    const taskId = derivedId('hub', orchestrator_id, task);
    const parts = worker_ids.length;
    return {
      summary: `Hub-and-spoke: ${orchestrator_id} orchestrates ${parts} worker${parts === 1 ? '' : 's'} on one task.`,
      calls: [
        {
          tool: 'create_task',
          arguments: {
            agent_id: orchestrator_id,
            id: taskId,
            description: task,
            required_capabilities: capabilities,
          },
        },
        ...worker_ids.map((worker, index) => ({
          tool: 'delegate_subtask',
          arguments: {
            coordinator_agent_id: orchestrator_id,
            assigned_agent_id: worker,
            subtask_id: `${taskId}.${index + 1}`,
            subtask_description: `Part ${index + 1} of ${parts} of: ${task}`,
            parent_task_id: taskId,
          },
        })),
      ],
      later: [
        `Each worker: update_task_status { task_id: "${taskId}.<n>", status: "completed", result }.`,
        `Then ${orchestrator_id}: merge_results { agent_id: "${orchestrator_id}", task_id: "${taskId}" }.`,
      ],
    };
  },
});

const peerToPeer = pattern({
  name: 'peer_to_peer',
  title: 'Peer-to-peer collaboration',
  description:
    'Agents collaborate directly in an open session, with minimal central coordination: they find each other by capability, message each other and record progress in the session state.',
  arguments: [
    {
      name: 'agent_ids',
      description: 'the peers, comma-separated (the first opens the session)',
      required: true,
      kind: 'agents',
    },
    { name: 'topic', description: 'what they work on together', required: true, kind: 'text' },
    {
      name: 'capabilities',
      description: 'capabilities to discover more peers by, comma-separated',
      required: false,
      kind: 'text',
    },
  ],
  schema: PeerArgs,
  plan({ agent_ids, topic, capabilities = [] }) {
    const [opener, ...peers] = agent_ids as [string, ...string[]];
    return {
      summary: `Peer-to-peer: ${agent_ids.length} agents collaborate on one topic; ${opener} opens the session.`,
      calls: [
        ...(capabilities.length > 0
          ? [{ tool: 'find_agents', arguments: { capabilities, statuses: ['available'] } }]
          : []),
        {
          tool: 'create_collaboration_session',
          arguments: {
            agent_id: opener,
            title: clip(topic, 200),
            description: `Peer-to-peer collaboration on: ${topic}`,
            participant_model_ids: peers,
            coordinator_model_id: opener,
            open: true,
          },
        },
        ...peers.map((peer) => ({
          tool: 'send_message',
          arguments: { sender_id: opener, recipient_id: peer, content: { type: 'collaboration', topic } },
        })),
      ],
      later: [
        'Each peer: join_session { agent_id, session_id } with the session_id create_collaboration_session answered.',
        'Peers talk with send_message and record progress with set_session_state { agent_id, session_id, key, value }.',
      ],
    };
  },
});

const assemblyLine = pattern({
  name: 'assembly_line',
  title: 'Assembly line',
  description:
    'Work flows through a fixed sequence of specialized roles: a workflow with one step per stage, each depending on the one before, run once.',
  arguments: [
    {
      name: 'creator_id',
      description: 'the agent that defines and starts the workflow',
      required: true,
      kind: 'agent',
    },
    { name: 'name', description: 'the workflow name', required: true, kind: 'workflow' },
    { name: 'stages', description: 'the roles in order, comma-separated', required: true, kind: 'text' },
    { name: 'description', description: 'what the line produces', required: false, kind: 'text' },
  ],
  schema: LineArgs,
  plan({ creator_id, name, stages, description }) {
    const steps = stages.map((role, index) => ({
      step_id: `stage-${index + 1}`,
      description: `Stage ${index + 1} of ${stages.length}: ${role}`,
      assigned_role: role,
      depends_on: index === 0 ? [] : [`stage-${index}`],
    }));
    return {
      summary: `Assembly line: ${stages.join(' → ')}.`,
      calls: [
        {
          tool: 'define_workflow',
          arguments: {
            creator_id,
            name,
            description: description ?? `Assembly line: ${stages.join(' → ')}`,
            steps,
          },
        },
        { tool: 'execute_workflow', arguments: { workflow_id: name, triggering_agent_id: creator_id } },
      ],
      later: [
        'The agent of each stage: report_step_completion { run_id, step_id: "stage-<n>", agent_id, result } — its output feeds the next stage.',
        'On a failure: report_step_failure { run_id, step_id, agent_id, error_message }; the step retries or the run fails.',
      ],
    };
  },
});

const hierarchical = pattern({
  name: 'hierarchical',
  title: 'Hierarchical coordination',
  description:
    'A coordinator sets a goal, team leads each take a part and break it down for their workers, results are aggregated up. For large projects with several teams.',
  arguments: [
    { name: 'coordinator_id', description: 'the top-level coordinator', required: true, kind: 'agent' },
    { name: 'goal', description: 'the goal to reach', required: true, kind: 'text' },
    { name: 'team_lead_ids', description: 'the team leads, comma-separated', required: true, kind: 'agents' },
  ],
  schema: TreeArgs,
  plan({ coordinator_id, goal, team_lead_ids }) {
    const goalId = derivedId('goal', coordinator_id, goal);
    return {
      summary: `Hierarchical: ${coordinator_id} → ${team_lead_ids.length} team lead${team_lead_ids.length === 1 ? '' : 's'} → their workers.`,
      calls: [
        {
          tool: 'create_task',
          arguments: { agent_id: coordinator_id, id: goalId, description: goal, priority: 'high' },
        },
        ...team_lead_ids.map((lead, index) => ({
          tool: 'delegate_subtask',
          arguments: {
            coordinator_agent_id: coordinator_id,
            assigned_agent_id: lead,
            subtask_id: `${goalId}.team-${index + 1}`,
            subtask_description: `Team ${index + 1}'s part of: ${goal}`,
            parent_task_id: goalId,
          },
        })),
        {
          tool: 'create_collaboration_session',
          arguments: {
            agent_id: coordinator_id,
            title: clip(`Team leads: ${goal}`, 200),
            participant_model_ids: team_lead_ids,
            coordinator_model_id: coordinator_id,
          },
        },
      ],
      later: [
        `Each team lead: decompose_task { agent_id, task_id: "${goalId}.team-<n>" }, then delegate_subtask to its workers.`,
        `Results go up: each lead merge_results { agent_id, task_id: "${goalId}.team-<n>" } and update_task_status; then ${coordinator_id} merge_results { task_id: "${goalId}" }.`,
      ],
    };
  },
});

/** The patterns, by prompt name. */
export const ORCHESTRATION_PATTERNS: ReadonlyMap<string, OrchestrationPattern> = new Map(
  [hubAndSpoke, peerToPeer, assemblyLine, hierarchical].map((entry) => [entry.name, entry]),
);
