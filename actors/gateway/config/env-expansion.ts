/**
 * `${VAR}` expansion in server entries, as Claude Code does it in `.mcp.json`:
 *
 * - `${VAR}` becomes the value of VAR in troupe's environment;
 * - `${VAR:-default}` becomes VAR's value, or `default` when VAR is unset or empty;
 * - a bare `$VAR`, or `${…}` around anything but a variable name, is left as written;
 * - only the fields Claude Code expands are: `command`, `args`, `env` values, `url`,
 *   `headers` values — and `cwd`, which a path from the environment often needs.
 *
 * Claude Desktop expands nothing (its values are literal), so an entry copied from it loads
 * the same here unless it happens to contain `${`. Where Claude Code refuses a whole file
 * for an unset `${VAR}` without a default, troupe refuses only that server: the reference
 * is left as written, the name is reported in `unresolved`, and the server is `missing_env`
 * naming it, like a missing `required_env`. Expansion runs once (a value containing `${`
 * is not expanded again) and before validation, so validation sees the real values.
 */

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const EXPANDED_FIELDS = ['command', 'url', 'cwd'] as const;
const EXPANDED_LIST_FIELDS = ['args'] as const;
const EXPANDED_MAP_FIELDS = ['env', 'headers'] as const;

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ExpandedText {
  readonly text: string;
  /** Variables referenced without a default and not set. */
  readonly unresolved: readonly string[];
}

/** Expand the references in one string. */
export function expandText(text: string, env: Environment): ExpandedText {
  const unresolved: string[] = [];
  const expanded = text.replace(REFERENCE, (whole, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    if (value === undefined) {
      unresolved.push(name);
      return whole;
    }
    return value;
  });
  return { text: expanded, unresolved };
}

export interface ExpandedEntry {
  /** The entry with its expandable fields expanded; anything not of the expected type is left alone for validation. */
  readonly entry: unknown;
  readonly unresolved: readonly string[];
}

/** Expand the fields of one raw (not yet validated) server entry. */
export function expandEntry(raw: unknown, env: Environment): ExpandedEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { entry: raw, unresolved: [] };
  const entry: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const unresolved = new Set<string>();
  const expand = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const result = expandText(value, env);
    for (const name of result.unresolved) unresolved.add(name);
    return result.text;
  };
  for (const field of EXPANDED_FIELDS) {
    if (field in entry) entry[field] = expand(entry[field]);
  }
  for (const field of EXPANDED_LIST_FIELDS) {
    const list = entry[field];
    if (Array.isArray(list)) entry[field] = list.map(expand);
  }
  for (const field of EXPANDED_MAP_FIELDS) {
    const map = entry[field];
    if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
      entry[field] = Object.fromEntries(Object.entries(map).map(([key, value]) => [key, expand(value)]));
    }
  }
  return { entry, unresolved: [...unresolved] };
}
