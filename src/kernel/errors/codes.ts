/**
 * The one closed set of error codes in troupe: what the runtime raises, what its stores
 * raise, what the default supervisors raise, and what services built on troupe refuse a
 * request with. Every `TroupeError` and every domain `Refusal` carries one of these, so a
 * caller anywhere (an embedding service, an MCP client) switches on one vocabulary.
 *
 * It owns the list and each code's one-line meaning; it does not own the classes (see
 * `troupe-error.ts`, `runtime-errors.ts`, `store-errors.ts`) nor the domain rules that
 * decide when to refuse. A new code is added here, with its meaning, before it is used.
 */

/** Every code, with what it means. The keys are the codes; the order groups them by who raises them. */
export const ERROR_CODE_MEANINGS = {
  // ── The runtime ────────────────────────────────────────────────────────────
  invalid_option: 'a system or spawn option is invalid; `field` names the option path',
  invalid_argument: 'an argument is invalid or contradicts another; `field` names it',
  mailbox_full: "the target's bounded mailbox is full and its overflow policy rejects",
  ask_timeout: 'an ask got no reply within its timeout',
  ask_aborted: "an ask was aborted by its caller's signal",
  deadlock: 'a wait would never end: it closes a cycle of waiters',
  actor_not_found: 'no actor with that id is running',
  actor_stopped: 'the actor stopped before answering',
  duplicate_actor_id: 'an actor with that id already exists',
  unencodable_message: 'a message holds something that cannot cross a thread',
  unknown_actor_kind: 'an actor kind cannot be loaded from its module',
  spawn_failed: "an actor's init threw: it was not created",
  no_reply: 'the turn that handled an ask neither replied nor deferred the reply',
  message_quarantined: 'a message failed on every attempt and went to the dead letters',
  worker_crashed: 'the worker thread running the actor died (retryable: the thread was replaced)',
  actor_suspended:
    'the actor kept failing and is suspended, kept in the store: tells wait in its inbox, asks fail until it is resumed',
  system_shut_down: 'the actor system is shut down',
  actor_failed: 'user code in an actor threw (an error without a troupe code)',
  state_too_large: "a turn produced a state over the actor's cap; nothing of the turn was kept",
  rate_limited: "an actor's message rate is exceeded; retry later",
  fenced: 'a stale activation of an actor tried to write over a newer one',
  thread_jammed:
    'a turn (or the event loop) of a worker thread made no progress within its budget: the thread was replaced',
  restart_intensity_reached:
    'a supervisor restarted its children more often than its intensity allows in its period',
  unbound_ref: 'a ref was used on a thread where no actor system runs',
  // ── The store ──────────────────────────────────────────────────────────────
  store_open_failed: 'the store could not be opened',
  store_locked: 'another process runs on the store directory: one writing process per store',
  store_write_failed: 'a commit failed: nothing of its batch was written',
  store_full: 'a commit failed for lack of space: nothing of its batch was written',
  state_decode_failed: "an actor's stored record cannot be decoded",
  // ── The default supervisors (actors/supervisors) ───────────────────────────
  circuit_open: 'a circuit breaker refused the call at once; retry after the time it names',
  invalid_wait_edge: 'a wait edge given to the deadlock detector is malformed; `field` names it',
  duplicate_wait_token: 'a wait token is already in the wait-for graph',
  empty_cycle: 'a cycle without edges was given where one with edges is needed',
  unknown_entity: 'the heartbeat monitor was told of an entity it does not know',
  // ── Refusals of services built on troupe (the coordination domain) ─────────
  unauthorized: 'the caller could not prove who it is (a missing or wrong token)',
  not_found: 'the named record (agent, session, task, project, message, …) does not exist',
  already_exists: 'a record with that id or name already exists',
  version_conflict: 'the record changed since the version the caller expected',
  not_participant: 'the caller is not a participant of the session',
  no_agent: 'no agent is available that fits the request',
  not_assignee: 'the caller is not the agent the task is assigned to',
  locked: 'another agent holds the lock',
  not_holder: 'the caller does not hold the lock',
  offline: 'the agent is offline',
  invalid_transition: 'the record cannot move from its status to the one asked for',
  closed: 'the record is closed to changes',
  self_evaluation: 'an agent may not evaluate its own contribution',
  invalid_score: 'a score is not one the evaluation accepts',
  out_of_range: 'a number is outside the range allowed',
  unknown_argument: 'the request names an argument the tool or message does not take; `field` names it',
  forbidden: 'the caller is known but may not do this; the message names the permission or rule',
  unknown_agent: 'no agent with that id is registered (nothing was stored for it)',
  agent_offline: 'the agent named is offline (or unresponsive) and cannot take this now',
  missing_capabilities: 'the agent named lacks capabilities the request needs',
  unknown_session: 'no session with that id exists',
  inbox_full: "the recipient's inbox holds as many messages as it may; the sender is told, nothing is stored",
  too_large: 'a value is larger than its limit; `field` names it and the message the limit',
  limit_exceeded:
    'a bounded list (keys, participants, subtasks, rules, …) is full; the message names the limit',
  // ── The gateway (actors/gateway): downstream MCP servers ───────────────────
  invalid_config: 'the gateway config is invalid; each issue names its path (`mcpServers.fetch.args[1]`)',
  missing_env: 'a downstream server needs environment variables that are not set; it was not started',
  crash_loop: 'a downstream server crashed too often within its window and stays down until restarted',
  server_unavailable: 'the downstream server is not connected (starting, restarting, stopped) or unknown',
  tool_not_found: 'no downstream server offers a tool of that name',
  call_timeout: 'a downstream call got no answer within its timeout; it was cancelled downstream',
  call_cancelled: "a downstream call was cancelled by its caller's signal",
  connection_lost: 'the connection to the downstream server closed while the call was in flight',
  server_busy: 'every slot of the downstream server (max_concurrency) is taken and the wait ran out',
  downstream_error: 'the downstream server answered the request with a protocol error',
  // ── Anything else ──────────────────────────────────────────────────────────
  internal: 'an unexpected failure (a bug): nothing the caller did or can fix',
} as const satisfies Record<string, string>;

/** A stable, machine-readable error code. */
export type TroupeErrorCode = keyof typeof ERROR_CODE_MEANINGS;

/** Every code, as a list. */
export const TROUPE_ERROR_CODES: readonly TroupeErrorCode[] = Object.freeze(
  Object.keys(ERROR_CODE_MEANINGS) as TroupeErrorCode[],
);

const known: ReadonlySet<string> = new Set(TROUPE_ERROR_CODES);

export function isTroupeErrorCode(value: unknown): value is TroupeErrorCode {
  return typeof value === 'string' && known.has(value);
}
