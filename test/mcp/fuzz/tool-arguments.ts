/**
 * The arguments a fuzzed call sends to one tool, generated from the tool's listed input
 * schema — each case one of:
 *
 * | kind       | what                                                             | share |
 * |------------|------------------------------------------------------------------|-------|
 * | `valid`    | every required argument and some optional ones, each valid       | 50 %  |
 * | `hostile`  | the same with one argument replaced by a hostile value            | 30 %  |
 * | `missing`  | valid values, some required argument left out                     |  8 %  |
 * | `extra`    | valid arguments plus one the tool does not take (`__proto__`, …)  |  9 %  |
 * | `shapeless`| `arguments` that is not an object at all (a list, a string, …)   |  3 %  |
 *
 * Waits are kept short (a valid `wait_s` is at most 0.2 s, `wait` is false): a lock another
 * agent holds may rightly be waited for an hour, and a run whose agent step nobody takes
 * rightly never ends. It owns the arguments; the answers are `tool-answers.ts`'s.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import fc, { type Arbitrary } from 'fast-check';
import { anyHostile, hostileKey, hostileValue } from './hostile-values.js';
import { type JsonSchema, objectOf, type ValueOptions, validValue } from './json-schema-arbitrary.js';

export type CallKind = 'valid' | 'hostile' | 'missing' | 'extra' | 'shapeless';

export interface FuzzCall {
  readonly kind: CallKind;
  readonly arguments: unknown;
}

/** Arguments whose valid values would make a correct call last long: narrowed to short ones. */
const SHORTENED: ReadonlyMap<string, JsonSchema> = new Map<string, JsonSchema>([
  ['wait_s', { type: 'number', minimum: 0, maximum: 0.2 }],
  ['wait', { const: false }],
]);

/** Arguments a valid call leaves out: the session proved its agent, so a token could only be wrong. */
const LEFT_OUT_WHEN_VALID: ReadonlySet<string> = new Set(['agent_token']);

function propertiesOf(tool: Tool): [string, JsonSchema][] {
  return Object.entries((tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, schema]) => [name, SHORTENED.get(name) ?? schema],
  );
}

/** The arguments of one call of `tool`, of any kind. */
export function callsOf(tool: Tool, options: ValueOptions): Arbitrary<FuzzCall> {
  const properties = propertiesOf(tool);
  const names = properties.map(([name]) => name);
  const bySchema = new Map(properties);
  const required = (tool.inputSchema.required ?? []).filter((name) => names.includes(name));
  const schema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(properties.filter(([name]) => !LEFT_OUT_WHEN_VALID.has(name))),
    required,
  };
  const valid = validValue(schema, options) as Arbitrary<Record<string, unknown>>;
  const as = (kind: CallKind) => (args: unknown) => ({ kind, arguments: args });

  const choices: { arbitrary: Arbitrary<FuzzCall>; weight: number }[] = [
    { arbitrary: valid.map(as('valid')), weight: 50 },
    {
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...(names.length > 0 ? names : ['agent_id'])))
        .chain(([args, name]) =>
          hostileValue(bySchema.get(name) ?? {}).map((value) => replaced(args, name, value)),
        )
        .map(as('hostile')),
      weight: 30,
    },
    {
      arbitrary: fc
        .tuple(valid, hostileKey(names), fc.oneof(anyHostile, validValue({}, options)))
        .map(([args, key, value]) => replaced(args, key, value))
        .map(as('extra')),
      weight: 9,
    },
    {
      arbitrary: fc
        .constantFrom(null, [], ['agent_id'], 'agent_id=x', 42, true, [{ agent_id: 'mine' }])
        .map(as('shapeless')),
      weight: 3,
    },
  ];
  if (required.length > 0)
    choices.push({
      arbitrary: fc
        .tuple(valid, fc.subarray(required, { minLength: 1 }))
        .map(([args, left]) => objectOf(Object.entries(args).filter(([name]) => !left.includes(name))))
        .map(as('missing')),
      weight: 8,
    });
  return fc.oneof(...choices);
}

/** `args` with `name` set to `value` (an own property, whatever the name). */
function replaced(args: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return objectOf([...Object.entries(args).filter(([own]) => own !== name), [name, value]]);
}
