/**
 * The definition store: one durable actor per workflow name (`workflow:<name>`), keeping
 * every version ever defined. A version is immutable once defined — defining it again with
 * the same source is a no-op, with another source a refusal — so a run that started with a
 * version always finds it as it was. What changes is a version's status (seed 003):
 *
 *   draft → active → completed → archived      (draft → archived, active → archived too)
 *
 * A workflow first defined by an agent is that agent's: new versions and status changes come
 * from it only (`by`, the caller the adapter proved: run-access.ts); one first defined
 * without an agent is anyone's.
 *
 * Every change is written to the tables (tables.ts) in the same turn: the main thread reads
 * definitions and the catalog there, run actors read the version they run there.
 * Not here: compiling for a run (compiled-cache.ts), starting runs (api.ts).
 */
import { defineActor, type Outcome, refuse } from '../../../src/kernel/index.js';
import type { Caller } from '../../coordination/caller.js';
import { parseWorkflowDefinition } from '../definition/source.js';
import type { DefinitionStatus } from '../definition/types.js';
import { mayChangeWorkflow } from './run-access.js';
import {
  CATALOG_TABLE,
  type CatalogEntry,
  DEFINITIONS_TABLE,
  type DefinitionRecord,
  EVENT_TRIGGERS_TABLE,
  TRIGGERS_TABLE,
  type TriggerRecord,
  tableOf,
} from './tables.js';

export type DefinitionMsg =
  | {
      readonly type: 'define';
      readonly source: string | object;
      readonly creatorId?: string;
      /** Who asks (default: the operator). */
      readonly by?: Caller;
    }
  | {
      readonly type: 'set-status';
      readonly version: string;
      readonly status: DefinitionStatus;
      readonly by?: Caller;
    }
  | { readonly type: 'get'; readonly version?: string };

export interface DefinitionState {
  readonly name: string;
  readonly versions: readonly { readonly version: string; readonly status: DefinitionStatus }[];
  /** The agent that defined the first version: only it changes the workflow. None: anyone may. */
  readonly owner?: string;
}

const OPERATOR: Caller = { kind: 'operator' };

const MOVES: ReadonlyMap<DefinitionStatus, readonly DefinitionStatus[]> = new Map([
  ['draft', ['active', 'archived']],
  ['active', ['completed', 'archived']],
  ['completed', ['archived']],
  ['archived', []],
] as const);

/** The version a run by name starts with: the newest defined that is draft or active. */
export function currentVersion(versions: DefinitionState['versions']): string | undefined {
  for (let i = versions.length - 1; i >= 0; i--) {
    const entry = versions[i];
    if (entry && (entry.status === 'active' || entry.status === 'draft')) return entry.version;
  }
  return undefined;
}

export const WorkflowDefinitionActor = defineActor<DefinitionMsg, DefinitionState, { name: string }>({
  module: import.meta.url,
  name: 'WorkflowDefinitionActor',
  immutableState: true,
  init: ({ name }) => ({ name, versions: [] }),
  receive(state, message, ctx) {
    const definitions = tableOf<DefinitionRecord>(ctx, DEFINITIONS_TABLE);
    const answer = <T>(outcome: Outcome<T>, next = state) => {
      ctx.reply(outcome);
      return next;
    };
    switch (message.type) {
      case 'get': {
        const version = message.version ?? currentVersion(state.versions);
        const record = version === undefined ? undefined : definitions.get([state.name, version]);
        return answer(
          record
            ? { ok: true, value: record }
            : refuse(
                'not_found',
                `workflow "${state.name}" has no version ${version ?? 'to run'}`,
                'version',
              ),
        );
      }
      case 'define': {
        let parsed: ReturnType<typeof parseWorkflowDefinition>;
        try {
          parsed = parseWorkflowDefinition(message.source);
        } catch (error) {
          return answer(refuse('invalid_argument', (error as Error).message, 'definition'));
        }
        const { definition } = parsed;
        const by = message.by ?? OPERATOR;
        const allowed = mayChangeWorkflow(state.name, state.owner, by);
        if (!allowed.ok) return answer(allowed);
        if (definition.name !== state.name)
          return answer(
            refuse('invalid_argument', `names "${definition.name}", not "${state.name}"`, 'name'),
          );
        const existing = definitions.get([state.name, definition.version]);
        if (existing) {
          return JSON.stringify(existing.source) === JSON.stringify(message.source)
            ? answer({ ok: true, value: existing })
            : answer(
                refuse(
                  'already_exists',
                  `workflow "${state.name}" version ${definition.version} is defined already with another source: give it a new version`,
                  'version',
                ),
              );
        }
        const now = ctx.now();
        const record: DefinitionRecord = {
          name: state.name,
          version: definition.version,
          status: definition.status,
          source: message.source,
          ...(definition.id === undefined ? {} : { id: definition.id }),
          ...(definition.description === undefined ? {} : { description: definition.description }),
          ...((message.creatorId ?? definition.creatorId)
            ? { creatorId: message.creatorId ?? definition.creatorId }
            : {}),
          definedAt: now,
          updatedAt: now,
        };
        definitions.put([state.name, record.version], record);
        const next = {
          ...state,
          versions: [...state.versions, { version: record.version, status: record.status }],
          ...(state.versions.length === 0 && by.kind === 'agent' ? { owner: by.agentId } : {}),
        };
        writeCatalog(ctx, next, record, now);
        return answer({ ok: true, value: record }, next);
      }
      case 'set-status': {
        const allowed = mayChangeWorkflow(state.name, state.owner, message.by ?? OPERATOR);
        if (!allowed.ok) return answer(allowed);
        const record = definitions.get([state.name, message.version]);
        if (!record)
          return answer(
            refuse('not_found', `workflow "${state.name}" has no version ${message.version}`, 'version'),
          );
        if (record.status === message.status) return answer({ ok: true, value: record });
        if (!(MOVES.get(record.status) ?? []).includes(message.status))
          return answer(
            refuse(
              'invalid_transition',
              `a ${record.status} workflow cannot become ${message.status}`,
              'status',
            ),
          );
        const now = ctx.now();
        const changed: DefinitionRecord = { ...record, status: message.status, updatedAt: now };
        definitions.put([state.name, record.version], changed);
        const next = {
          ...state,
          versions: state.versions.map((entry) =>
            entry.version === message.version ? { ...entry, status: message.status } : entry,
          ),
        };
        writeCatalog(ctx, next, changed, now);
        return answer({ ok: true, value: changed }, next);
      }
    }
  },
});

function writeCatalog(
  ctx: Parameters<typeof tableOf>[0],
  state: DefinitionState,
  latest: DefinitionRecord,
  now: number,
): void {
  const current = currentVersion(state.versions);
  const entry: CatalogEntry = {
    name: state.name,
    ...(current === undefined ? {} : { current }),
    versions: state.versions,
    ...(latest.id === undefined ? {} : { id: latest.id }),
    ...(latest.description === undefined ? {} : { description: latest.description }),
    updatedAt: now,
  };
  tableOf<CatalogEntry>(ctx, CATALOG_TABLE).put([state.name], entry);
  const record =
    current === undefined
      ? undefined
      : current === latest.version
        ? latest
        : tableOf<DefinitionRecord>(ctx, DEFINITIONS_TABLE).get([state.name, current]);
  writeTrigger(ctx, state.name, record === undefined ? undefined : triggerOf(record));
}

/** The event or schedule trigger of `name` at `version`, if it has one. */
function triggerOf(record: DefinitionRecord): TriggerRecord | undefined {
  const { name, version } = record;
  const trigger = parseWorkflowDefinition(record.source).definition.trigger;
  switch (trigger.kind) {
    case 'manual':
      return undefined;
    case 'event':
      return { name, version, kind: 'event', on: trigger.event };
    case 'schedule':
      return { name, version, kind: 'schedule', on: trigger.cron };
  }
}

/** The trigger indexes: the workflow's line, and its event type's (the old one removed). */
function writeTrigger(ctx: Parameters<typeof tableOf>[0], name: string, trigger: TriggerRecord | undefined) {
  const triggers = tableOf<TriggerRecord>(ctx, TRIGGERS_TABLE);
  const events = tableOf<string>(ctx, EVENT_TRIGGERS_TABLE);
  const before = triggers.get([name]);
  if (before?.kind === 'event') events.remove([before.on, name]);
  if (trigger === undefined) triggers.remove([name]);
  else triggers.put([name], trigger);
  if (trigger?.kind === 'event') events.put([trigger.on, name], trigger.version);
}
