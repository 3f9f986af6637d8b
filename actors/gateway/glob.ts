/**
 * Tool-name globs, as the config writes them (`tools.allow`, `cache.tools`, `retryable`):
 * `*` matches any run of characters, `?` exactly one; everything else is literal.
 * There is no escaping and no character class: tool names are plain identifiers.
 */

/** A predicate true for a name matched by at least one of `patterns` (false for none). */
export function compileGlobs(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const expressions = patterns.map(globToRegExp);
  return (name) => expressions.some((expression) => expression.test(name));
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
