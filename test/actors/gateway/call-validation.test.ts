/**
 * The per-call validation of the gateway (the embedding API's `callTool` options, arguments
 * and name; a call message at the directory): the quick check that lets a well-formed call
 * through without its schema must let through only what the schema accepts, and every
 * malformed call is still refused naming its field.
 */
import { describe, expect, it } from 'vitest';
import { assertCallMessage, type CallTargetMsg } from '../../../actors/gateway/directory/call-targets.js';
import {
  parseArguments,
  parseCallOptions,
  parseName,
} from '../../../actors/gateway/embedding/gateway-options.js';
import { InvalidArgumentError } from '../../../src/kernel/index.js';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.field;
    throw error;
  }
  return undefined;
};

describe('callTool options, arguments and name', () => {
  it('takes well-formed ones as given', () => {
    const signal = new AbortController().signal;
    const onLog = () => {};
    const options = { signal, onLog, timeoutMs: 5, sessionId: 's', agentId: 'a', idempotencyKey: 'k' };
    expect(parseCallOptions(options)).toEqual(options);
    expect(parseCallOptions(undefined)).toEqual({});
    expect(parseArguments({ path: 'a', nested: { deep: [1] } }, 'args')).toEqual({
      path: 'a',
      nested: { deep: [1] },
    });
    expect(parseArguments(Object.assign(Object.create(null), { a: 1 }), 'args')).toEqual({ a: 1 });
    expect(parseName('files__read', 'name')).toBe('files__read');
  });

  it('refuses every malformed one naming its field', () => {
    expect(fieldOf(() => parseCallOptions({ timeoutMs: 1.5 }))).toBe('options.timeoutMs');
    expect(fieldOf(() => parseCallOptions({ timeoutMs: 0 }))).toBe('options.timeoutMs');
    expect(fieldOf(() => parseCallOptions({ onLog: 'loud' }))).toBe('options.onLog');
    expect(fieldOf(() => parseCallOptions({ signal: {} }))).toBe('options.signal');
    expect(fieldOf(() => parseCallOptions({ sessionId: '' }))).toBe('options.sessionId');
    expect(fieldOf(() => parseCallOptions({ agentId: 'a'.repeat(201) }))).toBe('options.agentId');
    expect(fieldOf(() => parseCallOptions({ retries: 3 }))).toBe('options');
    expect(fieldOf(() => parseArguments(['a'], 'args'))).toBe('args');
    expect(fieldOf(() => parseArguments('a', 'args'))).toBe('args');
    expect(fieldOf(() => parseName('', 'name'))).toBe('name');
    expect(fieldOf(() => parseName('n'.repeat(201), 'name'))).toBe('name');
  });
});

describe('a call message at the directory', () => {
  const call = (fields: Record<string, unknown>) =>
    ({ type: 'call-tool', name: 'files__read', ...fields }) as unknown as CallTargetMsg;

  it('passes well-formed calls of each kind', () => {
    expect(() => assertCallMessage(call({ arguments: { a: 1 }, callId: 'c', timeoutMs: 10 }))).not.toThrow();
    const route = { type: 'route', vendor: 'files', tool: 'read' } as CallTargetMsg;
    expect(() => assertCallMessage(route)).not.toThrow();
  });

  it('refuses malformed ones naming the field', () => {
    expect(fieldOf(() => assertCallMessage(call({ arguments: 'x' })))).toBe('call.arguments');
    expect(fieldOf(() => assertCallMessage(call({ arguments: [1] })))).toBe('call.arguments');
    expect(fieldOf(() => assertCallMessage(call({ name: 'n'.repeat(201) })))).toBe('call.name');
    expect(fieldOf(() => assertCallMessage(call({ callId: '' })))).toBe('call.callId');
    expect(fieldOf(() => assertCallMessage(call({ timeoutMs: 0 })))).toBe('call.timeoutMs');
    expect(fieldOf(() => assertCallMessage(call({ events: { id: 'x' } })))).toBe('call.events');
    const noVendor = { type: 'route', tool: 'read' } as unknown as CallTargetMsg;
    expect(fieldOf(() => assertCallMessage(noVendor))).toBe('call.vendor');
  });
});
