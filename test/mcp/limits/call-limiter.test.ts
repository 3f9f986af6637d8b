/**
 * `CallLimiter` and the `limits` section on a manual clock: buckets per agent and per session,
 * a refused call taking nothing, the operator exempt, the tables bounded under a flood of new
 * ids (hostile ones included), a reload replacing only what changed, and every problem of the
 * section named by its path.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/kernel/index.js';
import { CallLimiter, CallRateLimitedError } from '../../../src/mcp/limits/call-limiter.js';
import {
  DEFAULT_CALL_LIMITS,
  LimitsConfigError,
  parseLimitsConfig,
} from '../../../src/mcp/limits/limits-config.js';
import { oversizedString } from '../../../src/mcp/limits/string-limits.js';

const config = {
  ...DEFAULT_CALL_LIMITS,
  perAgent: { perSecond: 1, burst: 2 },
  perSession: { perSecond: 10, burst: 5 },
  maxTracked: 100,
};

describe('CallLimiter', () => {
  it('refuses past a bucket, says how long to wait, and takes nothing on a refusal', () => {
    const clock = createManualClock(0);
    const limiter = new CallLimiter(config, clock);
    const source = { sessionKey: limiter.openSession(), agentId: 'a', operator: false };
    expect(limiter.admit(source)).toBeNull();
    expect(limiter.admit(source)).toBeNull();
    const refused = limiter.admit(source);
    expect(refused).toBeInstanceOf(CallRateLimitedError);
    expect(refused).toMatchObject({ code: 'rate_limited', scope: 'agent', retryAfterMs: 1000 });
    // The refusals took no session token: the session still has 3 of its 5.
    for (let i = 0; i < 10; i++) limiter.admit(source);
    const other = { ...source, agentId: 'b' };
    expect(limiter.admit(other)).toBeNull();
    expect(limiter.admit(other)).toBeNull();
    expect(limiter.admit({ ...source, agentId: 'c' })).toBeNull();
    expect(limiter.admit({ ...source, agentId: 'd' })).toMatchObject({ scope: 'session', retryAfterMs: 100 });
    clock.advance(1000);
    expect(limiter.admit(source)).toBeNull();
  });

  it('lets the operator through whatever its buckets say', () => {
    const limiter = new CallLimiter(config, createManualClock(0));
    const operator = { sessionKey: limiter.openSession(), agentId: null, operator: true };
    for (let i = 0; i < 1000; i++) expect(limiter.admit(operator)).toBeNull();
  });

  it('keeps its tables bounded under a flood of new session and agent ids, hostile names included', () => {
    const clock = createManualClock(0);
    const limiter = new CallLimiter(config, clock);
    const hostile = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype'];
    for (const id of hostile) {
      const source = { sessionKey: id, agentId: id, operator: false };
      expect(limiter.admit(source)).toBeNull();
      expect(limiter.admit(source)).toBeNull();
      expect(limiter.admit(source)).toMatchObject({ scope: 'agent' });
    }
    for (let i = 0; i < 100_000; i++) {
      limiter.admit({ sessionKey: `s${i}`, agentId: `agent-${i}`, operator: false });
      if (i % 1000 === 0) clock.advance(10);
    }
    expect(limiter.tracked.agents).toBeLessThanOrEqual(100);
    expect(limiter.tracked.sessions).toBeLessThanOrEqual(100);
  });

  it('replaces on reload only the table whose rate changed', () => {
    const clock = createManualClock(0);
    const limiter = new CallLimiter(config, clock);
    const source = { sessionKey: limiter.openSession(), agentId: 'a', operator: false };
    limiter.admit(source);
    limiter.admit(source);
    limiter.configure({ ...config, perSession: { perSecond: 10, burst: 6 } });
    expect(limiter.admit(source)).toMatchObject({ scope: 'agent' });
    limiter.configure({ ...config, perSession: { perSecond: 10, burst: 6 }, perAgent: null });
    expect(limiter.admit(source)).toBeNull();
  });
});

describe('the limits section', () => {
  it('gives the defaults for what it leaves out, and false turns a bucket off', () => {
    expect(parseLimitsConfig({})).toEqual(DEFAULT_CALL_LIMITS);
    expect(parseLimitsConfig({ limits: { per_agent: false, inbox_max_messages: 50 } })).toEqual({
      ...DEFAULT_CALL_LIMITS,
      perAgent: null,
      inboxMaxMessages: 50,
    });
  });

  it('names the path of every problem', () => {
    let thrown: unknown;
    try {
      parseLimitsConfig({
        limits: { per_agent: { per_second: -1, burst: 2 }, max_string_bytes: 'big', extra: 1 },
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitsConfigError);
    const { message, field } = thrown as LimitsConfigError;
    expect(message).toContain('limits.per_agent');
    expect(message).toContain('limits.max_string_bytes');
    expect(message).toMatch(/extra/);
    expect(field).toMatch(/^limits\./);
  });
});

describe('oversizedString', () => {
  it('names the path of the first string over the limit, keys included', () => {
    expect(oversizedString({ a: ['x', { b: 'y'.repeat(11) }] }, 10)).toEqual({
      code: 'too_large',
      field: 'a[1].b',
      message: 'a[1].b: 11 bytes, limit 10',
    });
    expect(oversizedString({ ['k'.repeat(11)]: 1 }, 10)?.field).toBe(`${'k'.repeat(11)} (key)`);
    expect(oversizedString({ a: 'y'.repeat(10), n: 5 }, 10)).toBeNull();
  });
});
