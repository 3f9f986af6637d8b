/**
 * `CallLimiter`: the rate limits on MCP tool calls of one runtime — a token bucket per proven
 * agent and one per MCP session (`limits-config.ts` gives their rates), shared by every session
 * of the runtime so that an agent's calls count together whichever session they come through.
 *
 * ```
 *   tools/call ─ session bucket empty? ─┐
 *              ─ agent bucket empty?  ──┴─▶ rate_limited, retry_after_ms = the longer wait
 *              ─ else one token from each, the call goes on
 * ```
 *
 * A refused call takes no token. The operator's session is exempt (it is the one that must be
 * able to act during a flood — deregister the flooding agent, change the policy). Buckets live
 * in bounded tables (`actors/supervisors/flood/bucket-table.ts`): a bucket back at capacity is
 * dropped (a new one is the same), and past `max_tracked` ids the least recently used is
 * forgotten, so a flood of new session or agent ids cannot grow memory without bound; ids are
 * `Map` keys only. A reload of the `limits` section replaces the tables whose rate changed
 * (their buckets start full). It owns the decision; where it is asked is `tool-registry.ts`.
 */
import { BucketTable } from '../../../actors/supervisors/flood/bucket-table.js';
import { type Clock, systemClock, TroupeError } from '../../kernel/index.js';
import { type CallLimitsConfig, DEFAULT_CALL_LIMITS, type RateSpec } from './limits-config.js';

/** Full buckets looked at (and dropped) per admission: cleanup in small steps, no timer. */
const PRUNE_PER_CALL = 4;

export type LimitScope = 'agent' | 'session';

/** A tool call over its rate: code `rate_limited`, with how long to wait (`retry_after_ms` in the answer). */
export class CallRateLimitedError extends TroupeError {
  constructor(
    readonly scope: LimitScope,
    readonly retryAfterMs: number,
    rate: RateSpec,
  ) {
    super(
      'rate_limited',
      `${scope === 'agent' ? 'this agent' : 'this session'} calls tools too often (limit ${rate.perSecond}/s, burst ${rate.burst}): retry after ${retryAfterMs} ms`,
      { field: scope === 'agent' ? 'limits.per_agent' : 'limits.per_session' },
    );
  }
}

/** Who a call is from, as the limiter counts it. */
export interface CallSource {
  readonly sessionKey: string;
  /** The agent the call was proven to act for, or null. */
  readonly agentId: string | null;
  readonly operator: boolean;
}

export class CallLimiter {
  #config: CallLimitsConfig;
  #agents: BucketTable | null;
  #sessions: BucketTable | null;
  #sessionsOpened = 0;

  constructor(
    config: CallLimitsConfig = DEFAULT_CALL_LIMITS,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {
    this.#config = config;
    this.#agents = this.#table(config.perAgent);
    this.#sessions = this.#table(config.perSession);
  }

  get config(): CallLimitsConfig {
    return this.#config;
  }

  /** Buckets held now, per table (what stays bounded under a flood of new ids). */
  get tracked(): { readonly agents: number; readonly sessions: number } {
    return { agents: this.#agents?.size ?? 0, sessions: this.#sessions?.size ?? 0 };
  }

  /** A reload of the `limits` section: a table whose rate or bound changed starts afresh. */
  configure(config: CallLimitsConfig): void {
    const before = this.#config;
    this.#config = config;
    if (!sameRate(before.perAgent, config.perAgent) || before.maxTracked !== config.maxTracked)
      this.#agents = this.#table(config.perAgent);
    if (!sameRate(before.perSession, config.perSession) || before.maxTracked !== config.maxTracked)
      this.#sessions = this.#table(config.perSession);
  }

  /** A key of its own for a new MCP session. */
  openSession(): string {
    return `session-${++this.#sessionsOpened}`;
  }

  /** The refusal of a call over its rate, or null (and a token taken from each bucket) when it may go. */
  admit(source: CallSource): CallRateLimitedError | null {
    if (source.operator) return null;
    const session = this.#sessions?.bucketFor(source.sessionKey);
    const agent = source.agentId === null ? undefined : this.#agents?.bucketFor(source.agentId);
    const sessionWait = session?.waitTimeMs(1) ?? 0;
    const agentWait = agent?.waitTimeMs(1) ?? 0;
    if (sessionWait > 0 || agentWait > 0) {
      const scope: LimitScope = agentWait >= sessionWait ? 'agent' : 'session';
      const rate = (scope === 'agent' ? this.#config.perAgent : this.#config.perSession) as RateSpec;
      return new CallRateLimitedError(scope, Math.max(sessionWait, agentWait), rate);
    }
    session?.tryTake(1);
    agent?.tryTake(1);
    this.#sessions?.pruneFull(PRUNE_PER_CALL);
    this.#agents?.pruneFull(PRUNE_PER_CALL);
    return null;
  }

  #table(rate: RateSpec | null): BucketTable | null {
    if (rate === null) return null;
    return new BucketTable(
      { capacity: rate.burst, refillPerSecond: rate.perSecond },
      this.#config.maxTracked,
      this.clock,
    );
  }
}

function sameRate(a: RateSpec | null, b: RateSpec | null): boolean {
  return a === b || (a !== null && b !== null && a.perSecond === b.perSecond && a.burst === b.burst);
}
