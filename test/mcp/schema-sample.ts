/**
 * A value that passes a tool's JSON Schema, built from the schema alone: the first of an
 * enum or of an `anyOf`, the first of a type list, a number at its minimum (at least 1),
 * `false`, the least items an array must have, an object's required fields and — for a
 * record (`additionalProperties` with a schema) — one entry. Strings are `text` (what a
 * test wants a free string to be: a name that names nothing, say).
 *
 * Used by the contract test and the identity sweep to fill the arguments they do not aim.
 */

/** The part of JSON Schema the tools' input schemas use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: unknown;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly items?: JsonSchema;
}

/** A value of `schema`'s type; strings are `text`. */
export function sampleOf(schema: JsonSchema, text: string): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0], text);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}, text));
    case 'object': {
      const fields = (schema.required ?? []).map((key) => [
        key,
        sampleOf(schema.properties?.[key] ?? {}, text),
      ]);
      const extra = schema.additionalProperties;
      const entry =
        typeof extra === 'object' && extra !== null ? [['x', sampleOf(extra as JsonSchema, text)]] : [];
      return Object.fromEntries([...fields, ...entry]);
    }
    default:
      return text;
  }
}
