/**
 * JSON Schema checks with ajv, compiled once per definition: a step's typed `output`, a
 * gate's `schema`, a trigger's payload. A check answers with messages that name the path
 * inside the checked value (`output.confidence: must be number`), or nothing when it passes.
 *
 * One ajv instance serves every definition; `strict: false` because a definition's schema
 * may carry annotations ajv does not know. A schema ajv cannot compile is a definition
 * issue at the schema's path.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import type { JsonSchema } from './types.js';

/** Problems with `value`, each prefixed by `root` and the path inside it; empty when it fits. */
export type JsonCheck = (value: unknown, root: string) => string[];

const ajv = new Ajv({ allErrors: true, strict: false });

export function compileJsonCheck(
  schema: JsonSchema,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): JsonCheck | undefined {
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    issues.push({
      path: formatPath(path),
      message: `is not a valid JSON Schema: ${(error as Error).message}`,
    });
    return undefined;
  }
  return (value, root) => {
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => describeError(error, root));
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
