/**
 * The identity sweep's classification: every tool and resource `troupe serve` lists, with
 * who may use it. The sweep (../identity-sweep.test.ts) fails for a tool or resource that is
 * missing here, so one added later is classified before it ships.
 *
 * - `public`: answers anyone — the `why` says what it shows and why that is not secret (the
 *   sweep still checks that no secret of A's is in it);
 * - `caller`: acts for the agent it names (`as`: the arguments naming that agent; default
 *   `agent_id`), whose token or session proof it needs. Called by B as B, it works on B's own
 *   records; aimed at A's records (ids filled from A's world) it is refused.
 *
 * Behind a gateway (`troupe serve --config`), its own tools are classified here too, and every
 * proxied `<server>__<tool>` by `toolRuleOf`: the downstream servers' tools are the user's
 * shared tools, which any identity may call — what the gateway keeps per agent or session
 * (results cached for a session) is what the sweep checks they never hand on.
 *
 * `also`: refusals other than `unauthorized` / `forbidden` a stranger may rightly get, each
 * said why (they are about the record, not the identity, and keep few). `skip`: older alias
 * names of a field the call already gives under the seed's name (both at once are refused).
 */

export interface ToolRule {
  readonly access: 'public' | 'caller';
  readonly why?: string;
  readonly as?: readonly string[];
  readonly also?: Readonly<Record<string, string>>;
  readonly skip?: readonly string[];
  /** Arguments the schema cannot say are needed (one of several forms, a seed name over its alias). */
  readonly with?: Readonly<Record<string, unknown>>;
  /** A change to A's record that is allowed by design: what it is, and why. */
  readonly overrides?: string;
}

const lockHeld = { locked: 'A holds the lease: B as itself is told it is locked, as any agent would be' };
const notInB = (what: string) => ({
  not_found: `${what} is looked up among B's own records, where it is not`,
});

export const TOOL_RULES: ReadonlyMap<string, ToolRule> = new Map<string, ToolRule>([
  ['health', { access: 'public', why: 'system health: threads, mailboxes, store, supervisors — no records' }],
  [
    'list_alerts',
    {
      access: 'public',
      why: "the config file's alert rules, their states and firing history: metric values, no records",
    },
  ],
  [
    'register_agent',
    {
      access: 'public',
      why: 'anyone registers a new agent; it starts with nothing of anyone else',
      also: { already_exists: "A's id is taken while A is registered: it cannot be registered over" },
    },
  ],
  ['deregister_agent', { access: 'caller' }],
  [
    'get_feature_flag',
    { access: 'public', why: "a feature flag's setting and its answer for an id: configuration, no records" },
  ],
  ['list_feature_flags', { access: 'public', why: 'the feature flags: configuration, no records' }],
  ['set_feature_flag', { access: 'caller' }],
  ['heartbeat', { access: 'caller' }],
  ['update_agent_status', { access: 'caller' }],
  ['check_agent_responsiveness', { access: 'public', why: "an agent's liveness, as the directory shows it" }],
  ['find_agents', { access: 'public', why: 'the agent directory (no tokens, no inboxes)' }],
  ['send_message', { access: 'caller', as: ['sender_id'], skip: ['agent_id'] }],
  [
    'request_assistance',
    {
      access: 'caller',
      as: ['requesting_agent_id'],
      skip: ['agent_id', 'description', 'capabilities'],
      with: { task_description: 'help' },
    },
  ],
  ['check_message_recipient_status', { access: 'caller', as: ['sender_id'], skip: ['agent_id'] }],
  ['fetch_inbox', { access: 'caller' }],
  ['acknowledge_message', { access: 'caller', also: notInB("A's message id") }],
  ['subscribe_system_events', { access: 'caller' }],
  ['unsubscribe_system_events', { access: 'caller' }],
  [
    'list_event_subscriptions',
    { access: 'public', why: 'who listens to which event types (no event contents)' },
  ],
  ['broadcast_system_event', { access: 'caller', as: ['sender_id'], skip: ['agent_id', 'data'] }],
  ['check_message_frequency', { access: 'caller', as: ['checking_agent_id'], skip: ['window_s'] }],
  [
    'create_collaboration_session',
    { access: 'caller', as: ['agent_id', 'coordinator_model_id'], skip: ['participant_ids'] },
  ],
  ['invite_to_session', { access: 'caller' }],
  ['join_session', { access: 'caller' }],
  ['leave_session', { access: 'caller' }],
  ['set_session_state', { access: 'caller' }],
  ['get_session_state', { access: 'caller' }],
  ['list_sessions', { access: 'public', why: 'session records (title, members), never their values' }],
  ['create_task', { access: 'caller', skip: ['id'] }],
  [
    'delegate_subtask',
    { access: 'caller', as: ['coordinator_agent_id'], skip: ['agent_id', 'task_id', 'to_agent_id'] },
  ],
  [
    'update_task_status',
    {
      access: 'caller',
      also: { not_assignee: "the task's own refusal: B is not the agent it is assigned to" },
    },
  ],
  ['merge_results', { access: 'caller', skip: ['results'] }],
  [
    'get_task',
    {
      access: 'public',
      why: "a task's record; its result and context only for its coordinator, creator, assignee",
    },
  ],
  [
    'list_tasks',
    {
      access: 'public',
      why: 'task records; results and context only for their coordinator, creator, assignee',
    },
  ],
  ['decompose_task', { access: 'caller', skip: ['subtasks'] }],
  ['assign_subtasks', { access: 'caller', skip: ['task_id'] }],
  [
    'define_workflow',
    {
      access: 'caller',
      as: ['creator_id'],
      skip: ['agent_id'],
      // A new version of A's workflow: what a run of it by name would start.
      with: {
        name: 'AliceFlow',
        version: '2',
        steps: [{ step_id: 'other', description: 'other', assigned_agent_id: 'bob', depends_on: [] }],
      },
    },
  ],
  ['execute_workflow', { access: 'caller', as: ['triggering_agent_id'], skip: ['agent_id'] }],
  ['report_step_completion', { access: 'caller' }],
  ['report_step_failure', { access: 'caller' }],
  ['get_workflow', { access: 'public', why: 'workflow definitions are shared templates' }],
  ['list_workflows', { access: 'public', why: 'the catalog of workflow definitions' }],
  ['get_workflow_run', { access: 'caller' }],
  ['list_workflow_runs', { access: 'caller' }],
  ['signal_workflow', { access: 'caller' }],
  ['pause_workflow_run', { access: 'caller' }],
  ['resume_workflow_run', { access: 'caller' }],
  ['cancel_workflow_run', { access: 'caller' }],
  ['archive_workflow', { access: 'caller' }],
  ['acquire_file_lock', { access: 'caller', skip: ['path'], also: lockHeld }],
  [
    'renew_file_lock',
    { access: 'caller', skip: ['path'], also: { not_holder: 'B does not hold the lease' } },
  ],
  [
    'release_file_lock',
    { access: 'caller', skip: ['path'], also: { not_holder: 'B does not hold the lease' } },
  ],
  [
    'force_release_file_lock',
    {
      access: 'caller',
      skip: ['path'],
      overrides:
        'the anti-jam override (README, locks): any proven agent may break a lease; it is recorded with its name and reason, and the holder is told',
    },
  ],
  [
    'check_file_lock',
    { access: 'public', why: 'who holds a path: lock holders are public so agents can coordinate' },
  ],
  ['list_file_locks', { access: 'public', why: 'the live leases (path, holder, expiry)' }],
  ['create_project', { access: 'caller', as: ['agent_id', 'lead_agent_id'] }],
  ['update_project', { access: 'caller' }],
  ['get_project', { access: 'public', why: 'project records are shared (name, status, members)' }],
  ['list_projects', { access: 'public', why: 'project records are shared' }],
  ['create_goal', { access: 'caller', skip: ['title'], with: { name: 'g' } }],
  ['update_goal', { access: 'caller' }],
  ['get_goal', { access: 'public', why: 'goal records are shared' }],
  ['list_goals', { access: 'public', why: 'goal records are shared' }],
  ['evaluate_contribution', { access: 'caller', as: ['evaluating_agent_id'], skip: ['agent_id'] }],
  [
    'list_evaluations',
    { access: 'public', why: 'evaluations are a shared record of who rated what', skip: ['evaluator_id'] },
  ],
  ['set_routing_rule', { access: 'caller' }],
  ['remove_routing_rule', { access: 'caller', also: notInB("A's rule") }],
  ['route_task', { access: 'caller' }],
  [
    'list_routing_rules',
    { access: 'public', why: 'the routing matrix (task type → agent or role) is shared' },
  ],
  // The gateway's own tools (`troupe serve --config`, seed 001).
  [
    'list_servers',
    { access: 'public', why: 'the configured downstream servers: names, states, health, tool counts' },
  ],
  [
    'get_server_status',
    {
      access: 'public',
      why: "a server's process and call statistics (restarts, latency, circuit, cache counts), no call's arguments or result",
    },
  ],
  [
    'restart_server',
    {
      access: 'caller',
      why: "a restart of a shared downstream server needs a registered agent's identity, kept in the status as who asked (last_restart)",
      with: { server: 'memory' },
    },
  ],
  [
    'route_request',
    {
      access: 'public',
      why: 'a call of a downstream tool by its own name: the shared tools, as their proxies (no session, so never a session-cached result)',
      with: { vendor: 'memory', tool: 'read_graph', arguments: {} },
    },
  ],
  [
    'discover_capabilities',
    { access: 'public', why: 'what each downstream server offers: groups, tags, tool names' },
  ],
]);

/** A proxied downstream tool, `<server>__<tool>` (`actors/gateway/naming.ts`). */
const DOWNSTREAM_TOOL: ToolRule = {
  access: 'public',
  why: "the downstream servers' tools are the user's shared tools (seed 000 layers troupe over an existing server's tools, seed 001 fronts the team's servers): any identity may call them, but a result the gateway cached for A's session is A's",
};

/** The rule of a listed tool: its own, or the downstream one for a proxied `<server>__<tool>`. */
export function toolRuleOf(name: string): ToolRule | undefined {
  return TOOL_RULES.get(name) ?? (name.includes('__') ? DOWNSTREAM_TOOL : undefined);
}

/** Resources and resource templates: `public`, or `own` (only a session acting for its agent or members). */
export const RESOURCE_RULES: ReadonlyMap<
  string,
  { readonly access: 'public' | 'own'; readonly why: string }
> = new Map([
  ['troupe://agents', { access: 'public', why: 'the agent directory' }],
  ['troupe://locks', { access: 'public', why: 'the live leases' }],
  ['troupe://health', { access: 'public', why: 'system health' }],
  ['troupe://alerts', { access: 'public', why: 'alert rules and their history (list_alerts), no records' }],
  ['troupe://supervision-tree', { access: 'public', why: 'the actor tree: paths and statuses, no state' }],
  [
    'troupe://waits',
    {
      access: 'public',
      why: 'the wait-for graph: who waits for whom (ids, locked paths, as troupe://locks), no state',
    },
  ],
  ['troupe://servers', { access: 'public', why: "every downstream server's status (get_server_status)" }],
  ['troupe://servers/{name}', { access: 'public', why: "one downstream server's status" }],
  [
    'troupe://gateway/{server}/{+uri}',
    {
      access: 'public',
      why: "a downstream server's own resources, read through the gateway: the user's shared servers, as their tools are",
    },
  ],
  ['troupe://agents/{id}', { access: 'public', why: "an agent's directory record" }],
  ['troupe://agents/{id}/inbox', { access: 'own', why: "the inbox's agent only" }],
  ['troupe://sessions/{id}', { access: 'own', why: "the session's coordinator and participants only" }],
  [
    'troupe://workflows/{id}',
    { access: 'public', why: 'a workflow definition: readable by all, as get_workflow (run-access.ts)' },
  ],
  [
    'troupe://runs/{id}',
    { access: 'own', why: "a workflow run: the starting agent's only, as get_workflow_run" },
  ],
  [
    'troupe://tasks/{id}',
    {
      access: 'public',
      why: "the task's record; result and context only for its coordinator, creator, assignee",
    },
  ],
]);
