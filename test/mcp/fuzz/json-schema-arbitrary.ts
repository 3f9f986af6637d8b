/**
 * JSON Schema → fast-check arbitrary: values that pass a tool's listed input schema (the part
 * of draft-07 zod writes: `type` (or a list of types), `const`, `enum`, `anyOf`, `properties`
 * with `required`, `additionalProperties`, `propertyNames`, `items`, `minItems`/`maxItems`,
 * `minLength`/`maxLength`, `pattern`, `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`).
 *
 * Strings lean on a small pool of ids the fuzzing session set up (so calls reach the actors
 * holding real records) and on the names of `Object.prototype`'s members; records (an object
 * with `additionalProperties` and no `properties`) get those names as keys, as own properties.
 * Sizes stay small, but each bound is hit now and then (a string of exactly `maxLength`).
 * It owns the valid values only; `hostile-values.ts` owns the invalid ones.
 */
import fc, { type Arbitrary } from 'fast-check';

/** The part of JSON Schema the tools' schemas use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
}

/** Names that break a plain object used as a map. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** The longest string generated freely; a string of exactly `maxLength` comes too when that is at most this. */
const LONGEST_EXACT = 100_000;
const DEEPEST = 3;

export interface ValueOptions {
  /** Strings picked often: ids of records that exist (or must not be touched by the fuzzer: leave those out). */
  readonly pool: readonly string[];
  /** Strings picked most often for an argument of this name (a run id for `run_id`), if any. */
  readonly poolFor?: (field: string) => readonly string[] | undefined;
}

/** An object with these entries as own properties (`__proto__` included: JSON carries it as a key). */
export function objectOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** A value `schema` accepts. */
export function validValue(
  schema: JsonSchema,
  options: ValueOptions,
  depth = 0,
  field = '',
): Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((inner) => validValue(inner, options, depth, field)));
  if (Array.isArray(schema.type))
    return fc.oneof(
      ...(schema.type as readonly string[]).map((type) =>
        validValue({ ...schema, type }, options, depth, field),
      ),
    );
  switch (schema.type) {
    case 'string':
      return validString(schema, options, field);
    case 'integer':
      return validInteger(schema);
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return validArray(schema, options, depth, field);
    case 'object':
      return validObject(schema, options, depth);
    default:
      // No type: any JSON at all (a payload, a step's result).
      return anyJson(options, depth);
  }
}

/** Any JSON value, its object keys including the prototype's names. */
export function anyJson(options: ValueOptions, depth = 0): Arbitrary<unknown> {
  if (depth >= DEEPEST)
    return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
  const key = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, ...options.pool), fc.string({ maxLength: 8 }));
  return fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 4 },
    {
      arbitrary: fc
        .uniqueArray(fc.tuple(key, anyJson(options, depth + 1)), { maxLength: 3, selector: ([name]) => name })
        .map(objectOf),
      weight: 1,
    },
  );
}

function validString(schema: JsonSchema, options: ValueOptions, field: string): Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const pattern = schema.pattern === undefined ? null : new RegExp(schema.pattern);
  const fits = (text: string) =>
    text.length >= min && text.length <= max && (pattern === null || pattern.test(text));
  const choices: { arbitrary: Arbitrary<string>; weight: number }[] = [];
  const pooled = [...options.pool, ...PROTOTYPE_NAMES].filter(fits);
  if (pooled.length > 0) choices.push({ arbitrary: fc.constantFrom(...pooled), weight: 4 });
  const aimed = (options.poolFor?.(field) ?? []).filter(fits);
  if (aimed.length > 0) choices.push({ arbitrary: fc.constantFrom(...aimed), weight: 16 });
  const lengths = { minLength: min, maxLength: Math.min(max, Math.max(min, 24)) };
  const free =
    pattern === null
      ? fc.oneof(
          fc.string({ ...lengths, unit: 'grapheme-ascii' }),
          fc.string({ ...lengths, unit: 'grapheme' }),
          fc.string({ ...lengths, unit: 'binary' }),
        )
      : fc.stringMatching(pattern, { size: 'small' });
  choices.push({ arbitrary: free.filter(fits), weight: 3 });
  if (max <= LONGEST_EXACT) {
    const longest = 'a'.repeat(max);
    if (fits(longest)) choices.push({ arbitrary: fc.constant(longest), weight: 1 });
  }
  return fc.oneof(...choices);
}

function validInteger(schema: JsonSchema): Arbitrary<number> {
  const min = Math.max(
    Number.MIN_SAFE_INTEGER,
    Math.ceil(schema.minimum ?? Number.MIN_SAFE_INTEGER),
    schema.exclusiveMinimum === undefined ? Number.MIN_SAFE_INTEGER : Math.floor(schema.exclusiveMinimum) + 1,
  );
  const max = Math.min(
    Number.MAX_SAFE_INTEGER,
    Math.floor(schema.maximum ?? Number.MAX_SAFE_INTEGER),
    schema.exclusiveMaximum === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(schema.exclusiveMaximum) - 1,
  );
  const smallMin = Math.max(min, Math.min(max, -5));
  const smallMax = Math.min(max, Math.max(min, 1_000));
  return fc.oneof(
    { arbitrary: fc.integer({ min: smallMin, max: smallMax }), weight: 6 },
    { arbitrary: fc.constantFrom(min, max), weight: 1 },
    { arbitrary: fc.integer({ min, max }), weight: 1 },
  );
}

function validNumber(schema: JsonSchema): Arbitrary<number> {
  const low = schema.minimum ?? schema.exclusiveMinimum ?? -1e12;
  const high = schema.maximum ?? schema.exclusiveMaximum ?? 1e12;
  const bounds = {
    min: low,
    max: high,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: schema.minimum === undefined && schema.exclusiveMinimum !== undefined,
    maxExcluded: schema.maximum === undefined && schema.exclusiveMaximum !== undefined,
  };
  const edges = [schema.minimum, schema.maximum].filter((edge): edge is number => edge !== undefined);
  const small = fc.double({ ...bounds, min: Math.max(low, -10), max: Math.min(high, Math.max(low, 100)) });
  return fc.oneof(
    { arbitrary: small, weight: 6 },
    { arbitrary: fc.double(bounds), weight: 1 },
    ...(edges.length > 0 ? [{ arbitrary: fc.constantFrom(...edges), weight: 1 }] : []),
  );
}

function validArray(
  schema: JsonSchema,
  options: ValueOptions,
  depth: number,
  field: string,
): Arbitrary<unknown[]> {
  const minLength = schema.minItems ?? 0;
  if (depth >= DEEPEST && minLength === 0) return fc.constant([]);
  const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
  return fc.array(validValue(schema.items ?? {}, options, depth + 1, field), { minLength, maxLength });
}

function validObject(schema: JsonSchema, options: ValueOptions, depth: number): Arbitrary<unknown> {
  const extra = schema.additionalProperties;
  if (schema.properties === undefined && typeof extra === 'object') {
    // A record keyed by the caller: its keys include the prototype's names.
    if (depth >= DEEPEST) return fc.constant({});
    const key = fc.oneof(
      fc.constantFrom(...PROTOTYPE_NAMES, ...options.pool),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    return fc
      .uniqueArray(fc.tuple(key, validValue(extra, options, depth + 1)), {
        maxLength: 3,
        selector: ([name]) => name,
      })
      .map(objectOf);
  }
  const shape = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, inner]) => [
      name,
      validValue(inner, options, depth + 1, name),
    ]),
  );
  const required = (schema.required ?? []).filter((name) => name in shape);
  return fc.record(shape, { requiredKeys: required });
}
