/**
 * The layering check (`npm run check:layers`, part of `npm test`): every import of the project
 * against the rules of `layer-rules.ts`, with dependency-cruiser; prints each violation with
 * both files and exits 1 if there is any.
 *
 * Why not simply `depcruise src actors …`: dependency-cruiser reads TypeScript only through the
 * TypeScript compiler API (it supports typescript >=2 <7), and TypeScript here is 7.x, the native
 * compiler, whose npm package has no such API — so it would see no `.ts` file at all.
 * (dependency-cruiser 18 also refuses Node 20, which this project and CI run: hence 17.x.)
 * So the check reads the compiled output instead, and adds back what compiling erased:
 *
 *   for each source file x.ts (not the files in dist/, which may hold stale modules)
 *     dist/.layers/x.js  =  dist/x.js                        value imports, exact (acorn parses them)
 *                         + import '<s>'; for every module    and the type-only ones: `import type`,
 *                           specifier s written in x.ts       `export type … from`, `import('…')` types
 *
 * and dependency-cruiser cruises that mirror, so a cycle made of value and type edges is found
 * too. The type-only specifiers are read from the source text by pattern (with
 * `verbatimModuleSyntax`, a type-only import is always written as one of the forms above); lines
 * of comments are skipped.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { LAYER_RULES } from './layer-rules.js';

/** The source folders, each one layer (or a client of the package). */
const FOLDERS = ['src', 'actors', 'bench', 'examples', 'test'] as const;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIRROR = join(ROOT, 'dist', '.layers');

const STATIC_IMPORT = /^[ \t]*(?:import|export)\b[^'";]*?\bfrom[ \t]*(['"])([^'"\n]+)\1/gm;
const BARE_IMPORT = /^[ \t]*import[ \t]*(['"])([^'"\n]+)\1/gm;
const IMPORT_CALL = /\bimport[ \t]*\([ \t]*(['"])([^'"\n]+)\1[ \t]*\)/g;

/** A line that is (part of) a comment: `//`, `/*`, or the `*` of a doc comment. */
const COMMENT_LINE = /^[ \t]*(?:\/\/|\/\*|\*)/;

/** Every module specifier `source` (TypeScript or compiled JavaScript) imports, value or type. */
function specifiersOf(source: string): Set<string> {
  const code = source
    .split('\n')
    .filter((line) => !COMMENT_LINE.test(line))
    .join('\n');
  const found = new Set<string>();
  for (const pattern of [STATIC_IMPORT, BARE_IMPORT, IMPORT_CALL])
    for (const match of code.matchAll(pattern)) found.add(match[2] as string);
  return found;
}

function sourcesIn(folder: string): string[] {
  const absolute = join(ROOT, folder);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(folder, name).split('\\').join('/'));
}

const asJs = (path: string) => path.replace(/\.ts$/, '.js');
const asTs = (path: string) => path.replace(/\.js$/, '.ts');

/**
 * Write the mirror. Returns what is wrong with the build (a source not compiled, or compiled
 * before its last change) and, per file, the specifiers compiling erased (to say "type-only").
 */
function writeMirror(): { unbuilt: string[]; typeOnly: Map<string, Set<string>> } {
  rmSync(MIRROR, { recursive: true, force: true });
  const unbuilt: string[] = [];
  const typeOnly = new Map<string, Set<string>>();
  for (const source of FOLDERS.flatMap(sourcesIn)) {
    const compiled = join(ROOT, 'dist', asJs(source));
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(join(ROOT, source)).mtimeMs) {
      unbuilt.push(source);
      continue;
    }
    const js = readFileSync(compiled, 'utf8');
    const inJs = specifiersOf(js);
    // Every specifier of the source is added (repeating a value import changes nothing), so no
    // import can be missed; the ones the compiled file lacks are the type-only ones.
    const written = [...specifiersOf(readFileSync(join(ROOT, source), 'utf8'))];
    const erased = written.filter((specifier) => !inJs.has(specifier));
    if (erased.length > 0) typeOnly.set(asJs(source), new Set(erased));
    const mirrored = join(MIRROR, asJs(source));
    mkdirSync(dirname(mirrored), { recursive: true });
    const added = written.map((specifier) => `import ${JSON.stringify(specifier)};`).join('\n');
    writeFileSync(mirrored, `${js}\n${added}\n`);
  }
  return { unbuilt, typeOnly };
}

/** `a.ts → b.ts`, saying when the import is type-only. */
function describeEdge(
  from: string,
  to: string,
  result: ICruiseResult,
  typeOnly: Map<string, Set<string>>,
): string {
  const module = result.modules.find((candidate) => candidate.source === from);
  const specifier = module?.dependencies.find((dependency) => dependency.resolved === to)?.module;
  const erased = specifier !== undefined && typeOnly.get(from)?.has(specifier);
  return `${asTs(from)} → ${asTs(to)}${erased ? ' (type-only)' : ''}`;
}

function describeViolation(
  violation: IViolation,
  result: ICruiseResult,
  typeOnly: Map<string, Set<string>>,
): string {
  const head = `${violation.rule.name}: ${describeEdge(violation.from, violation.to, result, typeOnly)}`;
  if (!violation.cycle) return head;
  const path = [violation.from, ...violation.cycle.map((step) => step.name)];
  return `${head}\n    cycle: ${path.map(asTs).join(' → ')}`;
}

async function main(): Promise<number> {
  const { unbuilt, typeOnly } = writeMirror();
  try {
    const { output } = await cruise(
      [...FOLDERS].filter((folder) => existsSync(join(MIRROR, folder))),
      {
        baseDir: MIRROR,
        validate: true,
        ruleSet: { forbidden: LAYER_RULES },
        doNotFollow: { path: 'node_modules' },
        // Resolve npm packages as Node does (`exports`, ESM first), so a missing one is reported.
        enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
      },
    );
    const result = output as ICruiseResult;
    const lines = [
      ...unbuilt.map(
        (source) => `not built: ${source} is newer than dist/${asJs(source)}, or has none (npm run build)`,
      ),
      ...result.summary.violations.map((violation) => describeViolation(violation, result, typeOnly)),
    ];
    const { totalCruised, totalDependenciesCruised } = result.summary;
    if (lines.length === 0) {
      process.stdout.write(
        `layering: ${totalCruised} modules, ${totalDependenciesCruised} imports, no violation\n`,
      );
      return 0;
    }
    process.stderr.write(
      `layering: ${lines.length} violation(s)\n${lines.map((line) => `  ${line}`).join('\n')}\n`,
    );
    return 1;
  } finally {
    rmSync(MIRROR, { recursive: true, force: true });
  }
}

process.exitCode = await main();
