/**
 * Seed 004's typed fields — `text: string`, `audioData?: string`, `segments: array` — as JSON
 * Schema, so that a step's `output` and a trigger's `payload` are checked by the same ajv
 * validators as gates. Owns the notation only; compiling and running the validators is
 * validators.ts's.
 *
 *   key?: type        optional field (the `?` may also end the type: `key: string?`)
 *   type[]            an array of that type
 *   { nested: … }     an object with its own typed fields
 *   types: string, number, integer, boolean, object, array, null, any
 */
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import { setOwn } from '../expressions/evaluate.js';
import type { JsonSchema } from './types.js';

const TYPE_SCHEMAS = new Map<string, JsonSchema>([
  ['string', { type: 'string' }],
  ['number', { type: 'number' }],
  ['integer', { type: 'integer' }],
  ['boolean', { type: 'boolean' }],
  ['object', { type: 'object' }],
  ['array', { type: 'array' }],
  ['null', { type: 'null' }],
  ['any', {}],
]);

const EXPECTED = `a type (${[...TYPE_SCHEMAS.keys()].join(', ')}), a list "type[]" or nested fields`;

/** The JSON Schema of an object with these typed fields; problems go to `issues`. */
export function typedFieldsToJsonSchema(
  fields: Readonly<Record<string, unknown>>,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): JsonSchema {
  const properties: Record<string, unknown> = Object.create(null);
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    let name = key.trim();
    let optional = name.endsWith('?');
    if (optional) name = name.slice(0, -1).trim();
    const fieldPath = [...path, key];
    if (name === '') {
      issues.push({ path: formatPath(fieldPath), message: 'a field needs a name' });
      continue;
    }
    let schema: JsonSchema | undefined;
    if (typeof spec === 'string') {
      let type = spec.trim();
      if (type.endsWith('?')) {
        optional = true;
        type = type.slice(0, -1).trim();
      }
      schema = typeSchema(type);
    } else if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
      schema = typedFieldsToJsonSchema(spec as Record<string, unknown>, fieldPath, issues);
    }
    if (schema === undefined) {
      issues.push({
        path: formatPath(fieldPath),
        message: `must be ${EXPECTED}; got ${JSON.stringify(spec)}`,
      });
      continue;
    }
    setOwn(properties, name, schema);
    if (!optional) required.push(name);
  }
  return { type: 'object', properties: { ...properties }, required };
}

function typeSchema(type: string): JsonSchema | undefined {
  if (type.endsWith('[]')) {
    const items = typeSchema(type.slice(0, -2).trim());
    return items === undefined ? undefined : { type: 'array', items };
  }
  return TYPE_SCHEMAS.get(type);
}
