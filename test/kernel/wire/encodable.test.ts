/**
 * `assertEncodable` (src/kernel/wire/encodable.ts): plain data, refs, buffers and dates pass; a
 * function, a symbol, a cycle or data nested too deep anywhere — in objects, arrays, maps and
 * sets — is refused with the path to it.
 */
import { describe, expect, it } from 'vitest';
import { UnencodableMessageError } from '../../../src/kernel/errors.js';
import { assertEncodable } from '../../../src/kernel/wire/encodable.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { inner: value };
  return value;
}

describe('assertEncodable', () => {
  it('passes plain data of every shape', () => {
    const fine = [
      1,
      'text',
      null,
      undefined,
      true,
      10n,
      { a: [1, { b: 'c' }], d: new Date(0), e: new Uint8Array(2) },
      new Map([['k', { v: [1, 2] }]]),
      new Set([{ s: 1 }]),
      nested(60),
    ];
    for (const value of fine) expect(() => assertEncodable(value)).not.toThrow();
  });

  it('refuses a function, a symbol, a cycle or depth, naming where it is', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const cases: [unknown, RegExp][] = [
      [() => 1, /message is a function/],
      [{ a: { b: [1, Symbol('s')] } }, /message\.a\.b\[1\] is a symbol/],
      [new Map([['k', { f: () => 1 }]]), /message\.get\(k\)\.f is a function/],
      [new Set([{ f: Symbol('x') }]), /message\.<set item>\.f is a symbol/],
      [cycle, /nested deeper than 64 levels \(or is a cycle\)/],
      [nested(70), /nested deeper than 64 levels/],
    ];
    for (const [value, message] of cases) {
      expect(() => assertEncodable(value)).toThrow(UnencodableMessageError);
      expect(() => assertEncodable(value)).toThrow(message);
    }
    expect(() => assertEncodable({ reply: () => 1 }, 'reply')).toThrow(/reply\.reply is a function/);
  });
});
