/**
 * The wording of config problems: a zod issue becomes a {@link ConfigIssue} whose path is
 * written the way a person finds it in the file — dots between keys, brackets around
 * indexes and around keys that are not identifiers:
 * `mcpServers.fetch.args[1] must be a string`, `mcpServers["my server"] …`.
 */
import type { z } from 'zod';
import { unknownFieldHintAt } from '../../validation/unknown-field-hint.js';
import type { ConfigIssue } from '../errors.js';

/** The path of `segments` under `root` (which may be empty). */
export function formatPath(segments: readonly PropertyKey[], root = ''): string {
  let path = root;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) {
      path += path === '' ? segment : `.${segment}`;
    } else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path === '' ? '(config)' : path;
}

/**
 * Every issue of a failed parse, each naming its path; given the `schema` that failed, an
 * unknown field also names the field it most likely meant (`unknown-field-hint.ts`).
 */
export function issuesOf(
  error: z.ZodError,
  root: readonly PropertyKey[] = [],
  schema?: z.ZodType,
): ConfigIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...root, ...issue.path]),
    message: describeIssue(issue, schema),
  }));
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  // A schema's own wording ("must …", "is …") wins over the generic one.
  const own = /^(must|is|applies|has) /.test(issue.message) ? issue.message : null;
  switch (issue.code) {
    case 'unrecognized_keys': {
      // One unknown field is named with its hint; several are listed.
      const [only] = issue.keys;
      const hint =
        schema && only !== undefined && issue.keys.length === 1
          ? unknownFieldHintAt(schema, issue.path, only)
          : '';
      return hint ? `has an unknown field: ${only}${hint}` : `has unknown field(s): ${issue.keys.join(', ')}`;
    }
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'is required';
      if (own) return own;
      return `must be ${issue.expected === 'int' ? 'an integer' : article(issue.expected)}`;
    case 'too_small':
      return own ?? `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return own ?? `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return own ?? `is invalid: ${issue.message}`;
  }
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
