/**
 * The wording of unknown fields: the hint after the error — the field the writer most likely
 * meant and, where there are few, the fields there are (`(did you mean "retry"?)`,
 * `(did you mean "concurrency"? known: branches, concurrency)`) — and a failed parse's issues
 * with an unknown field as one issue per key, hint included. Workflow definitions, the
 * gateway's config and the access sections word their unknown fields with it.
 */
import type { z } from 'zod';
import { closest } from './closest-name.js';
import { knownFieldsAt } from './known-fields.js';

/** A list this short is given whole; a longer one only as its closest name. */
const KNOWN_FIELDS_LISTED = 8;

/** ` (did you mean …? known: …)` for `key`, unknown in the object at `path` of `schema`; '' when there is nothing to say. */
export function unknownFieldHintAt(schema: z.ZodType, path: readonly PropertyKey[], key: string): string {
  const known = knownFieldsAt(schema, path);
  const near = closest(key, known);
  const parts = [
    ...(near === null ? [] : [`did you mean "${near}"?`]),
    ...(known.length > 0 && known.length <= KNOWN_FIELDS_LISTED ? [`known: ${known.join(', ')}`] : []),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

/**
 * Every issue of `error` (a failed parse of `schema`) as a path and zod's message, except an
 * unknown field: one issue per key, at the key's own path, `is not a known field` and its hint.
 */
export function fieldIssuesOf(
  error: z.ZodError,
  schema: z.ZodType,
  formatPath: (path: readonly PropertyKey[]) => string,
): { path: string; message: string }[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: formatPath([...issue.path, key]),
          message: `is not a known field${unknownFieldHintAt(schema, issue.path, key)}`,
        }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
}
