/**
 * Kinds are named by module URL, and a stored actor keeps the URL of the install that
 * spawned it. When the package is installed somewhere else later — an upgrade through `npx`
 * lands in another cache directory, a project moves — the stored URL still points into the
 * old copy: at best it no longer exists, at worst the old code answers the new messages. So
 * a module inside another copy of the kernel's own package (same `name` in its
 * `package.json`) is loaded from this copy instead, at the same relative path — never from
 * the other copy, even when this one has no such file (the kind is then unknown).
 *
 * A copy that is gone altogether (an npx cache cleaned, a scratch checkout removed) has no
 * `package.json` left to name it: a stored module that no longer exists is looked for in this
 * copy at its path below each of its former ancestors, nearest first — the first that this copy
 * has is loaded (`dist/actors/…` under `/old/root` is `dist/actors/…` here). A module that still
 * exists is never redirected that way.
 *
 * A package that moved its modules between versions says so in its `package.json`
 * (`"troupe": { "movedModules": { "dist/actors/agents/": "dist/actors/coordination/" } }`,
 * package-relative prefixes): a stored URL under an old prefix — in another copy or in this
 * one — is loaded from the new place. Modules of other packages are left as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface PackageRoot {
  readonly root: string;
  readonly name: string;
  /** Old package-relative path prefix → new one (forward slashes). */
  readonly moved: ReadonlyMap<string, string>;
}

const roots = new Map<string, PackageRoot | null>();

function readMoves(manifest: { troupe?: { movedModules?: unknown } }): Map<string, string> {
  const moved = new Map<string, string>();
  const table = manifest.troupe?.movedModules;
  if (typeof table !== 'object' || table === null) return moved;
  for (const [from, to] of Object.entries(table)) if (typeof to === 'string') moved.set(from, to);
  return moved;
}

/** The nearest directory at or above `dir` with a `package.json` that names a package. */
function packageOf(dir: string): PackageRoot | null {
  const cached = roots.get(dir);
  if (cached !== undefined) return cached;
  let found: PackageRoot | null = null;
  const manifestPath = join(dir, 'package.json');
  if (existsSync(manifestPath)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name?: unknown;
        troupe?: { movedModules?: unknown };
      };
      if (typeof manifest.name === 'string')
        found = { root: dir, name: manifest.name, moved: readMoves(manifest) };
    } catch {
      // Not a readable manifest: keep looking above.
    }
  }
  if (!found && dirname(dir) !== dir) found = packageOf(dirname(dir));
  roots.set(dir, found);
  return found;
}

const own = packageOf(dirname(fileURLToPath(import.meta.url)));

/** A package-relative path under this package's current layout. */
function movedPath(path: string, moved: ReadonlyMap<string, string>): string {
  const posix = path.split(sep).join('/');
  for (const [from, to] of moved) if (posix.startsWith(from)) return to + posix.slice(from.length);
  return posix;
}

/** The URL to import for a stored kind module: the same module in this copy of the package when it lives in another (or moved). */
export function relocate(moduleUrl: string): string {
  if (!own || !moduleUrl.startsWith('file:')) return moduleUrl;
  let file: string;
  try {
    file = fileURLToPath(moduleUrl);
  } catch {
    return moduleUrl;
  }
  const theirs = packageOf(dirname(file));
  if (!theirs) return existsSync(file) ? moduleUrl : (inVanishedCopy(own, file) ?? moduleUrl);
  if (theirs.name !== own.name) return moduleUrl;
  const path = relative(theirs.root, file);
  if (path.startsWith(`..${sep}`)) return moduleUrl;
  const ours = join(own.root, movedPath(path, own.moved));
  // Never the other copy's file, even when this copy has none: it would bring its own kernel
  // into this thread (a second ActorRef class, a second codec). A kind this version dropped
  // fails to load, under this copy's path, and the actor is reported as of an unknown kind.
  return ours === file ? moduleUrl : pathToFileURL(ours).href;
}

/** Where the module `file`, in a copy that is gone, is in this copy: `null` when at no former ancestor's path. */
function inVanishedCopy(own: PackageRoot, file: string): string | null {
  for (let root = dirname(file); dirname(root) !== root; root = dirname(root)) {
    const ours = join(own.root, movedPath(relative(root, file), own.moved));
    if (ours !== file && existsSync(ours)) return pathToFileURL(ours).href;
  }
  return null;
}
