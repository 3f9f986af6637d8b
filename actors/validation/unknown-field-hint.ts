/**
 * The hint after an "unknown field" error: the field the writer most likely meant and, where
 * there are few, the fields there are — `(did you mean "retry"?)`,
 * `(did you mean "concurrency"? known: branches, concurrency)`. Workflow definitions and the
 * gateway's config word their unknown fields with it.
 */
import type { z } from 'zod';
import { closest } from './closest-name.js';
import { knownFieldsAt } from './known-fields.js';

/** A list this short is given whole; a longer one only as its closest name. */
const KNOWN_FIELDS_LISTED = 8;

/** ` (did you mean …? known: …)` for `key` among `known`, or '' when there is nothing to say. */
export function unknownFieldHint(key: string, known: readonly string[]): string {
  const near = closest(key, known);
  const parts = [
    ...(near === null ? [] : [`did you mean "${near}"?`]),
    ...(known.length > 0 && known.length <= KNOWN_FIELDS_LISTED ? [`known: ${known.join(', ')}`] : []),
  ];
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}

/** The hint for `key`, unknown in the object at `path` of `schema`. */
export function unknownFieldHintAt(schema: z.ZodType, path: readonly PropertyKey[], key: string): string {
  return unknownFieldHint(key, knownFieldsAt(schema, path));
}
