/**
 * JSON Schema checks with ajv, compiled once per definition: a step's typed `output`, a
 * gate's `schema`, a trigger's payload. A check answers with messages that name the path
 * inside the checked value (`output.confidence: must be number`), or nothing when it passes.
 *
 * One ajv instance serves every definition (making one costs tens of milliseconds);
 * `strict: false` because a definition's schema may carry annotations ajv does not know.
 * Compiled checks are kept by the schema's JSON, a bounded number of them, and dropped from
 * ajv when they leave the cache. A schema ajv cannot compile is a definition issue at the
 * schema's path.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { BoundedCache } from '../bounded-cache.js';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import type { JsonSchema } from './types.js';

/** Problems with `value`, each prefixed by `root` and the path inside it; empty when it fits. */
export type JsonCheck = (value: unknown, root: string) => string[];

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new BoundedCache<string, { schema: JsonSchema; validate: ValidateFunction }>(
  1_000,
  (_, entry) => ajv.removeSchema(entry.schema),
);

export function compileJsonCheck(
  schema: JsonSchema,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): JsonCheck | undefined {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key)?.validate;
  try {
    if (validate === undefined) {
      validate = ajv.compile(schema);
      compiled.set(key, { schema, validate });
    }
  } catch (error) {
    issues.push({
      path: formatPath(path),
      message: `is not a valid JSON Schema: ${(error as Error).message}`,
    });
    return undefined;
  }
  const check = validate;
  return (value, root) => {
    if (check(value)) return [];
    return (check.errors ?? []).map((error) => describeError(error, root));
  };
}

function describeError(error: ErrorObject, root: string): string {
  const inside = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const where = formatPath([root, ...inside, ...(missing === undefined ? [] : [missing])]);
  return missing === undefined ? `${where}: ${error.message ?? 'is invalid'}` : `${where}: is required`;
}
