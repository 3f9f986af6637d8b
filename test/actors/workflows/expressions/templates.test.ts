// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Templates and conditions: `${expr}` alone keeps the value's type, text around it
 * interpolates, `$${` escapes; references to steps are found statically; evaluation is
 * deterministic (`$now()` is the event's time); plain field paths, evaluated without
 * JSONata, give what JSONata gives.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateTemplate } from '../../../../actors/workflows/expressions/evaluate.js';
import {
  type CompiledTemplate,
  compileExpressionField,
  compileTemplate,
  createTemplateCompilation,
  scanTemplate,
} from '../../../../actors/workflows/expressions/template.js';
import { createSeededRandom } from '../seeded-random.js';

const scope = {
  trigger: { payload: { lang: 'en', n: 3, tags: ['a', 'b'], deep: { list: [{ v: 1 }, { v: 2 }] } } },
  steps: { stt: { status: 'completed', output: { text: 'hola', confidence: 0.9 } } },
  context: { user: 'ana' },
  flags: { NEW_COACH: true, OLD_PATH: false },
  run: { id: 'r', usage: { tokens: 0, cost: 0 } },
};

function compile(value: unknown): CompiledTemplate {
  const compilation = createTemplateCompilation();
  const template = compileTemplate(value, ['input'], compilation);
  expect(compilation.issues).toEqual([]);
  return template;
}

const evaluate = (value: unknown, now = 0) => evaluateTemplate(compile(value), scope, now);

describe('templates', () => {
  it('give an expression alone with its type, and interpolate text', async () => {
    expect(await evaluate('${trigger.payload.n}')).toBe(3);
    expect(await evaluate('${trigger.payload.tags}')).toEqual(['a', 'b']);
    expect(await evaluate('${steps.stt.output}')).toEqual({ text: 'hola', confidence: 0.9 });
    expect(await evaluate('  ${trigger.payload.n}')).toBe('  3');
    expect(await evaluate('${context.user} said "${steps.stt.output.text}" (${trigger.payload.n * 2})')).toBe(
      'ana said "hola" (6)',
    );
    expect(await evaluate('missing: [${trigger.payload.nothing}]')).toBe('missing: []');
    expect(await evaluate('costs $${price}')).toBe('costs ${price}');
  });

  it('walk objects and arrays, leaving out fields that give nothing', async () => {
    expect(
      await evaluate({
        a: '${trigger.payload.lang}',
        b: [1, '${trigger.payload.n}'],
        c: '${nothing}',
        d: { e: true },
      }),
    ).toEqual({
      a: 'en',
      b: [1, 3],
      d: { e: true },
    });
    const literal = { x: [1, { y: 'plain' }] };
    expect(compile(literal)).toEqual({ kind: 'literal', value: literal });
  });

  it('keep hostile keys as own fields, plain paths and JSONata alike, touching no prototype', async () => {
    const hostile = JSON.parse(
      '{"__proto__": "${trigger.payload.lang}", "constructor": "${trigger.payload.n}", "toString": "${trigger.payload.n * 2}", "plain": "${context.user}"}',
    ) as Record<string, unknown>;
    for (const value of [hostile, { ...hostile, toString: '${trigger.payload.n}' }]) {
      const result = (await evaluate(value)) as Record<string, unknown>;
      expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
      expect(Object.keys(result).sort()).toEqual(['__proto__', 'constructor', 'plain', 'toString']);
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('en');
      expect(result.constructor).toBe(3);
      expect(result.plain).toBe('ana');
    }
    expect(({} as Record<string, unknown>).lang).toBeUndefined();
  });

  it('read braces inside JSONata strings and object constructors', async () => {
    expect(await evaluate('${ {"k": "}"}.k }')).toBe('}');
    expect(scanTemplate('a ${x} b ${y}')).toEqual(['a ', { expression: 'x' }, ' b ', { expression: 'y' }]);
    expect(scanTemplate('${}')).toBe('empty "${}" at character 0');
  });

  it('are deterministic: $now() is the time given, not the clock', async () => {
    expect(await evaluate('${$now()}', 86_400_000)).toBe('1970-01-02T00:00:00.000Z');
    expect(await evaluate('${$millis()}', 1234)).toBe(1234);
  });

  it('give plain data, not JSONata sequences', async () => {
    const value = await evaluate('${trigger.payload.deep.list.v}');
    expect(value).toEqual([1, 2]);
    expect(Object.keys(value as object)).toEqual(['0', '1']);
  });
});

describe('conditions', () => {
  it('accept bare expressions, ${} and booleans, with JSONata truthiness', async () => {
    const condition = (value: string | boolean) => {
      const compilation = createTemplateCompilation();
      const compiled = compileExpressionField(value, ['when'], compilation);
      expect(compilation.issues).toEqual([]);
      return evaluateCondition(compiled, scope, 0);
    };
    expect(await condition("steps.stt.status = 'completed'")).toBe(true);
    expect(await condition('flags.NEW_COACH')).toBe(true);
    expect(await condition('flags.OLD_PATH')).toBe(false);
    expect(await condition('flags.NEVER_SET')).toBe(false);
    expect(await condition('${steps.stt.output.confidence > 0.95}')).toBe(false);
    expect(await condition(false)).toBe(false);
    expect(await condition('trigger.payload.nothing')).toBe(false);
    expect(await condition('[]')).toBe(false);
    expect(await condition('{}')).toBe(false);
    expect(await condition('"x"')).toBe(true);
  });
});

describe('static references', () => {
  it('find every literal steps.<name>, however written', () => {
    const compilation = createTemplateCompilation();
    compileTemplate(
      {
        a: '${steps.one.output & steps.`two-b`.output}',
        b: '${$$.steps.three.output}',
        c: '${$count(steps.four.output.items[x > 1])}',
        d: '${$keys(steps)}',
      },
      ['input'],
      compilation,
    );
    expect(compilation.references).toEqual([
      { step: 'one', path: 'input.a' },
      { step: 'two-b', path: 'input.a' },
      { step: 'three', path: 'input.b' },
      { step: 'four', path: 'input.c' },
    ]);
  });
});

describe('plain paths', () => {
  it('give what JSONata gives, on random data', async () => {
    const random = createSeededRandom(11);
    const leaf = (): unknown => [1, 'x', null, true, [1, [2]], { k: 1 }, undefined][random.below(7)];
    const build = (depth: number): unknown => {
      if (depth === 0 || random.next() < 0.3) return leaf();
      if (random.next() < 0.2) return [build(depth - 1), build(depth - 1)];
      return { a: build(depth - 1), b: build(depth - 1) };
    };
    for (let round = 0; round < 200; round++) {
      const data = { root: build(4) };
      const path = [
        'root',
        ...Array.from({ length: random.below(4) }, () => (random.next() < 0.5 ? 'a' : 'b')),
      ].join('.');
      const compiled = compile(`\${${path}}`);
      expect(compiled.kind === 'expression' && compiled.expression.plainPath).toBeTruthy();
      const expected = await jsonata(path).evaluate(data);
      expect(await evaluateTemplate(compiled, data, 0), `${path} over ${JSON.stringify(data)}`).toEqual(
        Array.isArray(expected) ? [...expected] : expected,
      );
    }
  });
});
