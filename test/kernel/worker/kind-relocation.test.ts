/**
 * A stored kind whose module lives in another copy of this package (an older install, an
 * npx cache of another version) is loaded from this copy; other packages' modules, modules
 * this copy lacks, and this copy's own modules are left as they are. A copy that is gone
 * altogether (no `package.json` left) is found again by the module's path below its old root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { relocate } from '../../../src/kernel/worker/kind-relocation.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyOf(name: string, files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'troupe-copy-'));
  made.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name }));
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), 'export {};\n');
  }
  return root;
}

const registryHere = new URL('../../../actors/coordination/registry.js', import.meta.url).href;

it('loads a kind of another copy of troupe from this copy', () => {
  const old = copyOf('troupe', ['dist/actors/coordination/registry.js', 'dist/actors/coordination/gone.js']);
  expect(relocate(pathToFileURL(join(old, 'dist/actors/coordination/registry.js')).href)).toBe(registryHere);
  // A module this copy does not have is never loaded from the other copy (its kernel would come
  // along): it is looked for here, where it fails to load as an unknown kind.
  const gone = pathToFileURL(join(old, 'dist/actors/coordination/gone.js')).href;
  expect(relocate(gone)).toBe(new URL('../../../actors/coordination/gone.js', import.meta.url).href);
});

it('leaves other packages and this copy alone', () => {
  const other = copyOf('someone-else', ['dist/actors/agents/registry.js']);
  const theirs = pathToFileURL(join(other, 'dist/actors/agents/registry.js')).href;
  expect(relocate(theirs)).toBe(theirs);
  expect(relocate(registryHere)).toBe(registryHere);
  expect(relocate('data:text/javascript,export{}')).toBe('data:text/javascript,export{}');
});

it('follows the modules this package declares moved, in another copy and in this one', () => {
  // package.json: "troupe": { "movedModules": { "dist/actors/agents/": "dist/actors/coordination/" } }
  const old = copyOf('troupe', ['dist/actors/agents/registry.js']);
  expect(relocate(pathToFileURL(join(old, 'dist/actors/agents/registry.js')).href)).toBe(registryHere);
  const beforeTheMove = new URL('../../../actors/agents/registry.js', import.meta.url).href;
  expect(relocate(beforeTheMove)).toBe(registryHere);
});

it('loads a kind of a copy that is gone from this copy, by its path below the old root', () => {
  const old = copyOf('troupe', ['dist/actors/coordination/change-watch.js']);
  const stored = pathToFileURL(join(old, 'dist/actors/coordination/change-watch.js')).href;
  rmSync(old, { recursive: true, force: true });
  expect(relocate(stored)).toBe(
    new URL('../../../actors/coordination/change-watch.js', import.meta.url).href,
  );
  // Nothing of that path here: left as it is (it fails to load, the actor's kind is unknown).
  const nowhere = pathToFileURL(join(old, 'dist/actors/coordination/no-such-kind.js')).href;
  expect(relocate(nowhere)).toBe(nowhere);
});
