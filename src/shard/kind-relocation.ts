/**
 * Kinds are named by module URL, and a stored actor keeps the URL of the install that
 * spawned it. When the package is installed somewhere else later — an upgrade through `npx`
 * lands in another cache directory, a project moves — the stored URL still points into the
 * old copy: at best it no longer exists, at worst the old code answers the new messages. So
 * a module inside another copy of the kernel's own package (same `name` in its
 * `package.json`) is loaded from this copy instead, at the same relative path, when this
 * copy has that file. Modules of other packages are left as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface PackageRoot {
  readonly root: string;
  readonly name: string;
}

const roots = new Map<string, PackageRoot | null>();

/** The nearest directory at or above `dir` with a `package.json` that names a package. */
function packageOf(dir: string): PackageRoot | null {
  const cached = roots.get(dir);
  if (cached !== undefined) return cached;
  let found: PackageRoot | null = null;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (typeof name === 'string') found = { root: dir, name };
    } catch {
      // Not a readable manifest: keep looking above.
    }
  }
  if (!found && dirname(dir) !== dir) found = packageOf(dirname(dir));
  roots.set(dir, found);
  return found;
}

const own = packageOf(dirname(fileURLToPath(import.meta.url)));

/** The URL to import for a stored kind module: the same module in this copy of the package when it lives in another. */
export function relocate(moduleUrl: string): string {
  if (!own || !moduleUrl.startsWith('file:')) return moduleUrl;
  let file: string;
  try {
    file = fileURLToPath(moduleUrl);
  } catch {
    return moduleUrl;
  }
  const theirs = packageOf(dirname(file));
  if (!theirs || theirs.name !== own.name || theirs.root === own.root) return moduleUrl;
  const path = relative(theirs.root, file);
  if (path.startsWith(`..${sep}`)) return moduleUrl;
  const ours = join(own.root, path);
  return existsSync(ours) ? pathToFileURL(ours).href : moduleUrl;
}
