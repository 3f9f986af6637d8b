/**
 * `ToolCall.caller`: the identity a handler passes to the domain — the proven agent, or
 * anonymous — and never the token the adapter keeps.
 */
import { expect, it } from 'vitest';
import { SessionIdentity } from '../../src/mcp/identity.js';
import { ToolCall } from '../../src/mcp/tool-call.js';

const signal = new AbortController().signal;

it('is anonymous until a proof, then the proven agent, without its token', () => {
  const identity = new SessionIdentity();
  const call = new ToolCall(signal, null, identity, 'agent-registry');
  expect(call.caller).toEqual({ kind: 'anonymous' });

  call.prove('ada', 'secret-token');
  expect(call.caller).toEqual({ kind: 'agent', agentId: 'ada' });
  expect(JSON.stringify(call.caller)).not.toContain('secret-token');
  expect(identity.proven('ada')).toBe(true);
});

it('is the agent resolved before the handler ran', () => {
  const proven = { agentId: 'bob', token: 't', proof: 'session' } as const;
  const call = new ToolCall(signal, proven, new SessionIdentity(), 'lock-manager');
  expect(call.caller).toEqual({ kind: 'agent', agentId: 'bob' });
  expect(call.actingAs).toBe('bob');
});
