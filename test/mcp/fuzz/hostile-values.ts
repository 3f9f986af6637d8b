/**
 * Hostile values and keys for a tool's arguments: a value of another JSON type than the schema
 * says, one just past a bound (a string one character over `maxLength`, a number past its
 * range, a fraction where an integer goes), an id outside its charset, huge strings, deep
 * nesting, numbers JSON can barely carry (`1e308`, `5e-324`, `-0`, past 2^53), strings that
 * spell `NaN` or `Infinity` (JSON itself has no NaN: the client sends `null`), awkward unicode
 * (lone surrogates, NUL, right-to-left overrides, combining marks, emoji), and objects whose
 * own keys are `__proto__` / `constructor` — JSON carries them, and a server that indexes a
 * plain object with user input meets them. Keys a tool does not take come from the same bag.
 *
 * It owns the invalid values; `json-schema-arbitrary.ts` owns the valid ones.
 */
import fc, { type Arbitrary } from 'fast-check';
import { type JsonSchema, objectOf, PROTOTYPE_NAMES } from './json-schema-arbitrary.js';

/** Strings no sane client sends, each a known trap. */
const AWKWARD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil.ts',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '\ufeffbom',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  'null',
  'undefined',
  '../../etc/passwd',
  '%s%s%n',
  `${'$'}{process.exit()}`,
  '{{constructor.constructor}}',
  '<script>',
  "'; DROP TABLE agents; --",
  '\n\r\t',
];

const AWKWARD_NUMBERS = [
  -0,
  0.5,
  -1,
  -1e-9,
  5e-324,
  1e308,
  -1e308,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  2 ** 64,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

/** Sizes of the huge strings: around the common limits (128, 4096, 64 KiB, 1 MB) and past them. */
const HUGE_LENGTHS = [129, 257, 513, 4_097, 10_001, 65_537, 1_000_001];

/** A value nested `depth` deep, in arrays or in objects. */
function nested(depth: number, inObjects: boolean): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = inObjects ? { a: value } : [value];
  return value;
}

const hugeString = fc
  .tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('a', 'é', '\ud83d\ude00', '0'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

const deepValue = fc
  // Up to 1,000 levels: deeper, fast-check's own printing of a counterexample overflows the stack.
  .tuple(fc.constantFrom(16, 31, 32, 33, 64, 65, 256, 1_000), fc.boolean())
  .map(([depth, inObjects]) => nested(depth, inObjects));

/** An object whose own keys are the prototype's names (polluted-looking, as JSON.parse builds it). */
const prototypeObject = fc.subarray(PROTOTYPE_NAMES, { minLength: 1 }).chain((keys) =>
  fc
    .array(fc.oneof(fc.constant({ polluted: true }), fc.jsonValue({ maxDepth: 1 })), {
      minLength: keys.length,
      maxLength: keys.length,
    })
    .map((values) => objectOf(keys.map((key, index) => [key, values[index]] as const))),
);

/** Any hostile value, whatever the schema. */
export const anyHostile: Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...AWKWARD_STRINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...AWKWARD_NUMBERS), weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 2 },
  { arbitrary: prototypeObject, weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
  { arbitrary: fc.constantFrom(true, false, null, [], {}), weight: 2 },
);

/** A value that breaks `schema`: another type, or just past one of its bounds. */
export function hostileValue(schema: JsonSchema): Arbitrary<unknown> {
  const near = pastBounds(schema);
  return near.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...near), weight: 1 }, anyHostile)
    : anyHostile;
}

/** Values just outside `schema`'s bounds (none for a schema without any). */
function pastBounds(schema: JsonSchema): unknown[] {
  const found: unknown[] = [];
  const types = typeof schema.type === 'string' ? [schema.type] : (schema.type ?? []);
  if (types.includes('string')) {
    if (schema.maxLength !== undefined && schema.maxLength < 2_000_000)
      found.push('a'.repeat(schema.maxLength + 1));
    if ((schema.minLength ?? 0) > 0) found.push('a'.repeat((schema.minLength ?? 1) - 1));
    if (schema.pattern !== undefined)
      found.push('has space', 'slash/inside', 'ünïcode', '-leading-dash', '.');
    found.push(42, true, ['x'], { x: 'y' });
  }
  if (types.includes('number') || types.includes('integer')) {
    if (schema.minimum !== undefined) found.push(schema.minimum - 1, schema.minimum - 1e-9);
    if (schema.exclusiveMinimum !== undefined) found.push(schema.exclusiveMinimum);
    if (schema.maximum !== undefined) found.push(schema.maximum + 1, schema.maximum * 2 + 1);
    if (types.includes('integer') && !types.includes('number')) found.push(1.5, 2 ** 53 + 2);
    found.push('12', '1e3', true);
  }
  if (types.includes('boolean')) found.push('true', 1, 0);
  if (types.includes('array')) {
    if (schema.maxItems !== undefined && schema.maxItems < 100_000)
      found.push(Array.from({ length: schema.maxItems + 1 }, () => 'a'));
    found.push('not a list', { 0: 'a' });
  }
  if (types.includes('object')) found.push('not an object', ['a'], 7);
  if (schema.enum) found.push('not-in-the-enum', String(schema.enum[0]).toUpperCase());
  return found;
}

/** A name a tool does not take: the prototype's, near misses of its own, huge or strange ones. */
export function hostileKey(own: readonly string[]): Arbitrary<string> {
  const misses = own.flatMap((name) => [name.toUpperCase(), `${name} `, `${name}_`]);
  return fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES),
    ...(misses.length > 0 ? [fc.constantFrom(...misses)] : []),
    fc.constantFrom('', ' ', '\u0000', '\ud800', 'k'.repeat(10_000), 'a.b', 'a[0]'),
    fc.string({ minLength: 1, maxLength: 16 }),
  );
}
