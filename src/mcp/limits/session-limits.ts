/**
 * `SessionLimits`: the limits one MCP session's tool calls pass, asked once per call by the tool
 * pipeline (`tool-registry.ts`) after the caller is resolved and before the access gate —
 *
 * ```
 *   a string argument over limits.max_string_bytes ─▶ too_large, naming its path and the limit
 *   the session's or the agent's bucket empty ──────▶ rate_limited, with retry_after_ms
 * ```
 *
 * — so an oversized call costs no token, and a refusal is audited like the gate's own when
 * access control is on. It binds the runtime's `CallLimiter` to this session's key.
 */
import type { Refusal } from '../../kernel/index.js';
import type { CallLimiter, CallRateLimitedError } from './call-limiter.js';
import { oversizedString } from './string-limits.js';

export class SessionLimits {
  readonly sessionKey: string;

  constructor(private readonly limiter: CallLimiter) {
    this.sessionKey = limiter.openSession();
  }

  /** Why this call may not go (its arguments already validated), or null. */
  refusal(args: unknown, agentId: string | null, operator: boolean): Refusal | CallRateLimitedError | null {
    return (
      oversizedString(args, this.limiter.config.maxStringBytes) ??
      this.limiter.admit({ sessionKey: this.sessionKey, agentId, operator })
    );
  }
}
