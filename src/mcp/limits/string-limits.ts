/**
 * The size limit on every string a tool call carries (`limits.max_string_bytes`): one walk over
 * the call's validated arguments — values and object keys, at any depth — that refuses the
 * first string over the limit as `too_large`, naming its path and both sizes
 * (`content: 1048577 bytes, limit 1048576`). It applies to every tool alike, so no tool's
 * schema needs its own `.max()` for it (a tool's own, smaller limits still apply: the
 * coordination domain's `messageBytes`, `textChars`…). It owns the walk, not the limit's value.
 */
import type { Refusal } from '../../kernel/index.js';

/** Deeper than this is not walked (tool schemas are a few levels deep; JSON parsing bounds it anyway). */
const MAX_DEPTH = 64;

/** The refusal of the first string in `args` over `maxBytes` UTF-8 bytes, or null. */
export function oversizedString(args: unknown, maxBytes: number): Refusal | null {
  return walk(args, '', maxBytes, 0);
}

function walk(value: unknown, path: string, maxBytes: number, depth: number): Refusal | null {
  if (typeof value === 'string') return check(value, path, maxBytes);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = walk(item, `${path}[${index}]`, maxBytes, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    const found = check(key, `${at} (key)`, maxBytes) ?? walk(item, at, maxBytes, depth + 1);
    if (found) return found;
  }
  return null;
}

function check(text: string, path: string, maxBytes: number): Refusal | null {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most strings need no count at all.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return null;
  const field = path === '' ? 'arguments' : path;
  const shown = field.length > 256 ? `${field.slice(0, 256)}…` : field;
  return { code: 'too_large', message: `${shown}: ${bytes} bytes, limit ${maxBytes}`, field: shown };
}
