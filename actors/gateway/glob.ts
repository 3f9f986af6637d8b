/**
 * Tool-name globs, as the config writes them (`tools.allow`, `cache.tools`, `retryable`):
 * `*` matches any run of characters, `?` exactly one; everything else is literal.
 * There is no escaping and no character class: tool names are plain identifiers.
 */

/**
 * Predicates already compiled, by the list they were compiled from: a config's lists are
 * read on every call (`routing/tool-policy.ts`) and never changed in place (a reload makes
 * new ones), so each is compiled once.
 */
const compiled = new WeakMap<readonly string[], (name: string) => boolean>();

/** A predicate true for a name matched by at least one of `patterns` (false for none). */
export function compileGlobs(patterns: readonly string[]): (name: string) => boolean {
  const known = compiled.get(patterns);
  if (known) return known;
  const expressions = patterns.map(globToRegExp);
  const predicate =
    expressions.length === 0
      ? () => false
      : (name: string) => expressions.some((expression) => expression.test(name));
  compiled.set(patterns, predicate);
  return predicate;
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const character of pattern) {
    if (character === '*') source += '.*';
    else if (character === '?') source += '.';
    else source += character.replace(/[\\^$.+()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
