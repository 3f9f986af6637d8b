/**
 * Reading definitions on the main thread, from the tables the definition actors write: the
 * version a run by name (or by definition id) starts with, one version, the catalog, a
 * workflow's id.
 * Not here: writing them (definition-actor.ts).
 */
import { type ActorSystem, RefusedError, refuse } from '../../../src/kernel/index.js';
import type { WorkflowDefinition } from '../definition/types.js';
import { compiledWorkflow } from './compiled-cache.js';
import { CATALOG_TABLE, type CatalogEntry, DEFINITIONS_TABLE, type DefinitionRecord } from './tables.js';

/** A workflow's id: the definition's `id` where it has one, else its name (both find it). */
export function workflowIdOf(record: { readonly name: string; readonly id?: string | undefined }): string {
  return record.id ?? record.name;
}

/** The definition a stored version holds, in its one internal form (compiled once per thread). */
export function definitionOf(
  system: ActorSystem,
  version: { readonly name: string; readonly version: string },
): WorkflowDefinition {
  return compiledWorkflow(() => system.table<DefinitionRecord>(DEFINITIONS_TABLE), version).definition;
}

/** The catalog entry of a workflow named `nameOrId` (or whose definition id it is). */
export function findCatalogEntry(system: ActorSystem, nameOrId: string): CatalogEntry | undefined {
  const catalog = system.table<CatalogEntry>(CATALOG_TABLE);
  const byName = catalog.get([nameOrId]);
  if (byName) return byName;
  let after: readonly (string | number)[] | undefined;
  for (;;) {
    const page = catalog.range({ limit: 1_000, ...(after ? { after } : {}) });
    const found = page.find((entry) => entry.value.id === nameOrId);
    if (found) return found.value;
    if (page.length < 1_000) return undefined;
    after = page[page.length - 1]?.key;
  }
}

/**
 * The version a workflow is shown at (`get_workflow`, its resource, the engine's `getWorkflow`):
 * `version`, else the current one, else the newest defined — with its record, if stored.
 */
export function shownVersion(
  system: ActorSystem,
  entry: CatalogEntry,
  version?: string,
): { readonly version: string | undefined; readonly record: DefinitionRecord | undefined } {
  const shown = version ?? entry.current ?? entry.versions.at(-1)?.version;
  return {
    version: shown,
    record:
      shown === undefined
        ? undefined
        : system.table<DefinitionRecord>(DEFINITIONS_TABLE).get([entry.name, shown]),
  };
}

/**
 * The version a run of `nameOrId` starts with: `version`, or the current one — from the catalog
 * alone (it keeps each version's status, written with the definitions), so starting a run does
 * not read a definition's source. Throws `RefusedError` (`not_found`, `closed`).
 */
export function resolveRunVersion(
  system: ActorSystem,
  nameOrId: string,
  version?: string,
): { readonly name: string; readonly version: string } {
  const entry = findCatalogEntry(system, nameOrId);
  if (!entry)
    throw new RefusedError(refuse('not_found', `no workflow "${nameOrId}" is defined`, 'workflow').error);
  const wanted = version ?? entry.current;
  if (wanted === undefined)
    throw new RefusedError(
      refuse('closed', `workflow "${entry.name}" has no draft or active version to run`, 'workflow').error,
    );
  const known = entry.versions.find((candidate) => candidate.version === wanted);
  if (!known)
    throw new RefusedError(
      refuse('not_found', `workflow "${entry.name}" has no version ${wanted}`, 'version').error,
    );
  if (known.status === 'archived' || known.status === 'completed')
    throw new RefusedError(
      refuse(
        'closed',
        `workflow "${entry.name}" version ${wanted} is ${known.status}: it starts no runs`,
        'version',
      ).error,
    );
  return { name: entry.name, version: wanted };
}
