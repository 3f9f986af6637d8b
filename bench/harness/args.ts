/**
 * Command-line arguments of the bench: `--only <name>[,<name>…]` (repeatable, also
 * `--only=<names>`) selects scenarios; a group's name (`scaling`) selects its scenarios;
 * nothing selects all of them, in registry order. `--flood-sends N` sets the flood
 * scenario's number of sends (for a quick try).
 */

export interface BenchArgs {
  /** Scenario names to run, in registry order; `null` means all. */
  readonly only: readonly string[] | null;
  /** `--flood-sends N`: the flood scenario's number of sends (default 100,000). */
  readonly floodSends: number | null;
}

export class BenchArgsError extends Error {
  readonly code = 'invalid_bench_args';
  constructor(message: string) {
    super(message);
    this.name = 'BenchArgsError';
  }
}

export function parseBenchArgs(
  argv: readonly string[],
  known: readonly string[],
  groups: ReadonlyMap<string, readonly string[]> = new Map(),
): BenchArgs {
  const requested: string[] = [];
  let sawOnly = false;
  let floodSends: number | null = null;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    let value: string | undefined;
    if (arg === '--flood-sends' || arg.startsWith('--flood-sends=')) {
      const given = arg === '--flood-sends' ? argv[++index] : arg.slice('--flood-sends='.length);
      floodSends = Number(given);
      if (given === undefined || !Number.isInteger(floodSends) || floodSends < 1)
        throw new BenchArgsError(
          `--flood-sends must be a positive integer (got ${JSON.stringify(given ?? null)})`,
        );
      continue;
    }
    if (arg === '--only') {
      value = argv[++index];
      if (value === undefined) throw new BenchArgsError('--only needs a scenario name');
    } else if (arg.startsWith('--only=')) {
      value = arg.slice('--only='.length);
    } else {
      throw new BenchArgsError(
        `unknown argument ${JSON.stringify(arg)} (expected --only <scenario> or --flood-sends <n>)`,
      );
    }
    sawOnly = true;
    requested.push(
      ...value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0),
    );
  }
  if (!sawOnly) return { only: null, floodSends };
  const expanded = requested.flatMap((name) => groups.get(name) ?? [name]);
  const unknown = expanded.filter((name) => !known.includes(name));
  if (unknown.length > 0 || requested.length === 0) {
    const groupNames = [...groups.keys()];
    throw new BenchArgsError(
      `--only must name scenarios among: ${known.join(', ')}${groupNames.length > 0 ? ` (or a group: ${groupNames.join(', ')})` : ''} (got ${unknown.join(', ') || 'none'})`,
    );
  }
  return { only: known.filter((name) => expanded.includes(name)), floodSends };
}
