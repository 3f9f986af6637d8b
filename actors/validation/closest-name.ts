/**
 * `closest`: the name a misspelt one most likely meant — for the "did you mean …?" of an unknown
 * tool argument (`src/mcp/tool-input.ts`) and of an unknown field (`unknown-field-hint.ts`).
 */

/** The name `key` most likely misspells, if one is close (a few edits, or one inside the other). */
export function closest(key: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const distance = editDistance(key.toLowerCase(), name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3))) return best;
  const inside = names.find(
    (name) => Math.min(name.length, key.length) >= 4 && (name.includes(key) || key.includes(name)),
  );
  return inside ?? null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}
