/**
 * Known samples of each kind are redacted as `[redacted:<kind>]`, in text and in nested
 * values (secret-named fields whatever they hold); look-alikes that fail the checks (a
 * timestamp, an order number, an id) stay as they are.
 */
import { describe, expect, it } from 'vitest';
import { isIban, passesLuhn, redactText, redactValue } from '../../../actors/security/redaction.js';
import { SAMPLES } from '../../fixtures/redaction-samples.js';

describe('redactText', () => {
  it.each(SAMPLES)('redacts %s as %s, in the middle of a sentence', (sample, kind) => {
    const text = `before ${sample} after`;
    expect(redactText(text)).toBe(`before [redacted:${kind}] after`);
  });

  it('keeps the credential word of a Bearer header and redacts the rest', () => {
    expect(redactText('Authorization: Bearer abc.def-123_456')).toBe(
      'Authorization: Bearer [redacted:token]',
    );
  });

  it('leaves look-alikes that fail the checks as they are', () => {
    for (const text of [
      'order 4111 1111 1111 1112', // fails Luhn
      'at 1733212345678 ms', // a timestamp: 13 digits, fails Luhn
      'GB00 WEST 1234 5698 7654 32', // fails mod-97
      'run 2026-12-03', // a date
      'agent coder-7 took 1234 ms',
    ])
      expect(redactText(text)).toBe(text);
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(isIban('GB82WEST12345698765432')).toBe(true);
  });
});

describe('redactValue', () => {
  it('redacts nested strings and secret-named fields, and copies rather than changes', () => {
    const value = {
      user: { email: 'ana@example.com', phone: '+1 415 555 2671' },
      headers: { Authorization: 'anything at all', 'X-Api-Key': 'plain' },
      agent_token: 'tok-123',
      notes: ['card 4111-1111-1111-1111 on file'],
      count: 3,
    };
    expect(redactValue(value)).toEqual({
      user: { email: '[redacted:email]', phone: '[redacted:phone]' },
      headers: { Authorization: '[redacted:secret]', 'X-Api-Key': '[redacted:secret]' },
      agent_token: '[redacted:secret]',
      notes: ['card [redacted:card] on file'],
      count: 3,
    });
    expect(value.user.email).toBe('ana@example.com');
  });

  it('treats __proto__ and constructor as fields like any other', () => {
    const hostile = JSON.parse('{"__proto__": {"email": "a@b.co"}, "constructor": "x@y.io"}');
    const copy = redactValue(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ email: '[redacted:email]' });
    expect(copy.constructor).toBe('[redacted:email]');
  });
});
