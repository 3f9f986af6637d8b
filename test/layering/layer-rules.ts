/**
 * The floor plan as dependency-cruiser rules: `src/serve` → `src/mcp` → `actors/` → `src/kernel`,
 * an arrow never pointing up, and no import cycle anywhere (type-only imports count).
 *
 * Paths are those of the source tree with `.js` for `.ts` (the check cruises a mirror of it, see
 * `check-layers.ts`). Only modules of the project are constrained: npm packages and `node:`
 * modules are not layers. Tests (`test/`) may import anything but take part in the cycle rule.
 * Not here: how the imports are found (`check-layers.ts`).
 */
import type { IForbiddenRuleType } from 'dependency-cruiser';

/** Any module of the project (as opposed to an npm package or a `node:` module). */
const PROJECT = '^(src|actors|bench|test|examples)/';
const KERNEL_ENTRY = '^src/kernel/index[.]js$';
/** `troupe` and `troupe/kernel`. */
const PACKAGE_ENTRIES = '^src/(index|kernel/index)[.]js$';

export const LAYER_RULES: IForbiddenRuleType[] = [
  {
    name: 'kernel-imports-only-kernel',
    comment: 'src/kernel is the runtime: it imports nothing of the project outside itself.',
    severity: 'error',
    from: { path: '^src/kernel/' },
    to: { path: PROJECT, pathNot: '^src/kernel/' },
  },
  {
    name: 'worker-side-not-main-side',
    comment: 'The worker thread’s runtime and the main thread’s side meet only in wire/, actor/, … .',
    severity: 'error',
    from: { path: '^src/kernel/worker/' },
    to: { path: '^src/kernel/main/' },
  },
  {
    name: 'main-side-not-worker-side',
    comment: 'The main thread’s side and the worker thread’s runtime meet only in wire/, actor/, … .',
    severity: 'error',
    from: { path: '^src/kernel/main/' },
    to: { path: '^src/kernel/worker/' },
  },
  {
    name: 'actors-through-kernel-entry',
    comment: 'Domain actors use the kernel through its public entry only, and nothing above them.',
    severity: 'error',
    from: { path: '^actors/' },
    to: { path: '^src/', pathNot: KERNEL_ENTRY },
  },
  {
    name: 'mcp-through-entries',
    comment: 'The MCP adapter imports actors and the kernel’s public entry; never kernel files or src/serve.',
    severity: 'error',
    from: { path: '^src/mcp/' },
    to: { path: '^src/', pathNot: `^src/mcp/|${KERNEL_ENTRY}` },
  },
  {
    name: 'serve-through-kernel-entry',
    comment: 'src/serve imports mcp, actors and the package entries, not the kernel’s files.',
    severity: 'error',
    from: { path: '^src/serve/' },
    to: { path: '^src/kernel/', pathNot: KERNEL_ENTRY },
  },
  {
    name: 'runtime-not-clients',
    comment: 'bench/, test/ and examples/ are clients of the package: src/ and actors/ never import them.',
    severity: 'error',
    from: { path: '^(src|actors)/' },
    to: { path: '^(bench|test|examples)/' },
  },
  {
    name: 'bench-through-package-entries',
    comment: 'bench/ imports the package entries (troupe, troupe/kernel) and its own files only.',
    severity: 'error',
    from: { path: '^bench/' },
    to: { path: PROJECT, pathNot: `^bench/|${PACKAGE_ENTRIES}` },
  },
  {
    name: 'examples-through-package-entries',
    comment: 'examples/ import the package entries (troupe, troupe/kernel) and their own files only.',
    severity: 'error',
    from: { path: '^examples/' },
    to: { path: PROJECT, pathNot: `^examples/|${PACKAGE_ENTRIES}` },
  },
  {
    name: 'no-cycles',
    comment: 'No import cycle, type-only imports included.',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
  {
    name: 'resolvable',
    comment: 'An import of a project file that does not exist (or has no source: a stale build).',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];
