/**
 * A parser of the Prometheus text exposition format (0.0.4), for what reads `/metrics` (the
 * http bench scenario, the tests): `# HELP` / `# TYPE` lines and samples
 * `name{label="value",…} value`. It is strict — a line it cannot read throws — so a malformed
 * exposition does not pass unnoticed. Labels are a null-prototype record (a label may be
 * named `__proto__`).
 */

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly samples: PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const help = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('# HELP ')) {
      const [name = '', ...rest] = line.slice(7).split(' ');
      help.set(name, rest.join(' '));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name = '', type = ''] = line.slice(7).split(' ');
      families.set(name, { name, type, help: help.get(name) ?? '', samples: [] });
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const [, name = '', , rawLabels = '', rawValue = ''] = match;
    const labels: Record<string, string> = Object.create(null);
    for (const [, key = '', value = ''] of rawLabels.matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, '$1');
    const value = rawValue === '+Inf' ? Number.POSITIVE_INFINITY : Number(rawValue);
    if (Number.isNaN(value)) throw new Error(`not a number in: ${line}`);
    const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, '')) ?? undefined;
    if (!family) throw new Error(`a sample before its # TYPE: ${line}`);
    family.samples.push({ name, labels, value });
  }
  return families;
}

/** The sum of a family's samples named `name` (its own name by default) whose labels include `match`. */
export function sumOf(
  family: PromFamily | undefined,
  match: Readonly<Record<string, string>> = {},
  name = family?.name,
): number {
  if (!family) throw new Error('no such family');
  return family.samples
    .filter((sample) => sample.name === name)
    .filter((sample) => Object.entries(match).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}
