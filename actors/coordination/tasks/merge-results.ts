/**
 * Merging subtask results, a pure function: `concat` (in order, arrays flattened one level),
 * `object-merge` (the objects' own fields, later ones winning; other results ignored) and
 * `vote` (the most common result; ties go to the first seen). Field names come from users,
 * so objects are merged by defining fields, never by assignment (`__proto__` stays a field).
 */
export const MERGE_STRATEGIES = ['concat', 'object-merge', 'vote'] as const;
export type MergeStrategy = (typeof MERGE_STRATEGIES)[number];

function mergeObjects(results: readonly unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const result of results) {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) continue;
    for (const [key, value] of Object.entries(result))
      Object.defineProperty(merged, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

function vote(results: readonly unknown[]): unknown {
  const counts = new Map<string, { value: unknown; votes: number }>();
  for (const result of results) {
    const key = JSON.stringify(result) ?? 'undefined';
    const tally = counts.get(key) ?? { value: result, votes: 0 };
    tally.votes++;
    counts.set(key, tally);
  }
  let winner: { value: unknown; votes: number } | null = null;
  for (const tally of counts.values()) if (!winner || tally.votes > winner.votes) winner = tally;
  return winner?.value ?? null;
}

export function mergeResults(results: readonly unknown[], strategy: MergeStrategy): unknown {
  switch (strategy) {
    case 'concat':
      return results.flatMap((result) => (Array.isArray(result) ? result : [result]));
    case 'object-merge':
      return mergeObjects(results);
    case 'vote':
      return vote(results);
  }
}
