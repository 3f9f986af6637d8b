/**
 * The trigger actor of a workflow that starts runs by itself (`trigger:<name>`, durable): its
 * current version's `event` or `schedule` trigger, read from `workflow-triggers` (written by the
 * definition actor with the catalog).
 *
 * - **event**: the engine hears each `broadcast_system_event` (broadcast-listeners.ts) and
 *   tells the actors of the workflows triggered by that type `event`; the event's data, checked
 *   against the trigger's payload schema, becomes `trigger.payload` of a new run. A payload
 *   that does not fit is refused as an incident (`workflow-trigger-incidents`), not a crash.
 * - **schedule**: a durable timer at the next firing of the cron expression. At each `arm`
 *   (engine start, a new version) and each timer, the firings since the last one collapse into
 *   one run (`scheduledFiring`); the last firing is committed with the tell that starts its
 *   run, and its run id is derived from the firing time — so a crash between the two, or a
 *   firing told again after a restart, joins that run instead of starting a second one.
 *
 * The run is started by the executor on the main thread (`start-run`); a start it refuses
 * comes back as `refused` and is kept as an incident. Not here: the schedule arithmetic
 * (definition/trigger.ts), the run (run-actor.ts).
 */
import { createHash } from 'node:crypto';
import { type ActorContext, type ActorRef, defineActor } from '../../../src/kernel/index.js';
import { scheduledFiring } from '../definition/trigger.js';
import { compiledWorkflow } from './compiled-cache.js';
import type { ExecutorMsg, TriggerMsg } from './messages.js';
import {
  DEFINITIONS_TABLE,
  type DefinitionRecord,
  TRIGGER_INCIDENTS_TABLE,
  TRIGGERS_TABLE,
  type TriggerIncident,
  type TriggerRecord,
  tableOf,
} from './tables.js';

export interface TriggerState {
  readonly name: string;
  readonly executor?: ActorRef<ExecutorMsg>;
  /** When the schedule was first armed, or last fired (epoch ms): firings after it are due. */
  readonly scheduleFrom?: number;
  /** The last firing that started a run (told again at `arm`: a run id already taken joins it). */
  readonly lastFiring?: { readonly at: number; readonly version: string };
  /** Events that started runs: the next run's number. */
  readonly events: number;
}

type TriggerCtx = ActorContext<TriggerMsg>;

const NEXT_TIMER = 'next';
const MAX_INCIDENT_MESSAGE = 2_000;

/** The actor id of `name`'s trigger actor. */
export function triggerActorId(name: string): string {
  return `trigger:${name}`;
}

/** A run id from the workflow's name and what fired: run ids allow fewer characters than names. */
function firedRunId(kind: 'evt' | 'sched', name: string, what: string | number): string {
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${kind}-${hash}-${what}`;
}

export const WorkflowTriggerActor = defineActor<TriggerMsg, TriggerState, { name: string }>({
  module: import.meta.url,
  name: 'WorkflowTriggerActor',
  immutableState: true,
  init: ({ name }) => ({ name, events: 0 }),
  receive(state, message, ctx) {
    const trigger = tableOf<TriggerRecord>(ctx, TRIGGERS_TABLE).get([state.name]);
    switch (message.type) {
      case 'arm': {
        const armed = { ...state, executor: message.executor };
        if (armed.lastFiring) startRun(ctx, armed, scheduledRun(armed, armed.lastFiring));
        return schedule(ctx, armed, trigger);
      }
      case 'tick':
        return schedule(ctx, state, trigger);
      case 'event': {
        if (trigger?.kind !== 'event' || trigger.on !== message.eventType) return state;
        const heard = { ...state, executor: message.executor };
        const workflow = compiledWorkflow(() => tableOf<DefinitionRecord>(ctx, DEFINITIONS_TABLE), trigger);
        const problems = workflow.payloadCheck?.(message.data ?? {}, 'payload') ?? [];
        if (problems.length > 0) {
          recordIncident(ctx, state.name, {
            version: trigger.version,
            trigger: 'event',
            firing: message.eventType,
            code: 'invalid_argument',
            message: `the event's data does not fit the trigger: ${problems.join('; ')}`,
          });
          return heard;
        }
        const next = { ...heard, events: heard.events + 1 };
        startRun(ctx, next, {
          type: 'start-run',
          workflow: state.name,
          version: trigger.version,
          runId: firedRunId('evt', state.name, next.events),
          payload: message.data ?? {},
          event: message.eventType,
          firing: message.eventType,
          trigger: 'event',
        });
        return next;
      }
      case 'refused':
        recordIncident(ctx, state.name, message);
        return state;
    }
  },
});

/** The run a schedule firing starts (its id from the firing time). */
function scheduledRun(
  state: TriggerState,
  firing: { readonly at: number; readonly version: string },
): Omit<Extract<ExecutorMsg, { type: 'start-run' }>, 'from'> {
  return {
    type: 'start-run',
    workflow: state.name,
    version: firing.version,
    runId: firedRunId('sched', state.name, firing.at),
    payload: {},
    firing: new Date(firing.at).toISOString(),
    trigger: 'schedule',
  };
}

function startRun(
  ctx: TriggerCtx,
  state: TriggerState,
  order: Omit<Extract<ExecutorMsg, { type: 'start-run' }>, 'from'>,
): void {
  if (!state.executor) return;
  ctx.tell(state.executor, { ...order, from: ctx.self });
}

/** Fire the due schedule firing (the missed ones collapsed into it) and set the timer for the next. */
function schedule(ctx: TriggerCtx, state: TriggerState, trigger: TriggerRecord | undefined): TriggerState {
  if (trigger?.kind !== 'schedule') {
    ctx.cancelSchedule(NEXT_TIMER);
    return state.scheduleFrom === undefined ? state : { ...state, scheduleFrom: undefined };
  }
  const now = ctx.now();
  const from = state.scheduleFrom ?? now;
  const cron = compiledWorkflow(() => tableOf<DefinitionRecord>(ctx, DEFINITIONS_TABLE), trigger).definition
    .trigger;
  if (cron.kind !== 'schedule') return state;
  const firing = scheduledFiring(cron, from, now);
  let next: TriggerState = { ...state, scheduleFrom: from };
  if (firing.due !== undefined) {
    const lastFiring = { at: firing.due, version: trigger.version };
    next = { ...next, scheduleFrom: firing.due, lastFiring };
    startRun(ctx, next, scheduledRun(next, lastFiring));
  }
  ctx.schedule({ at: firing.next }, { type: 'tick' }, { key: NEXT_TIMER });
  return next;
}

function recordIncident(
  ctx: TriggerCtx,
  workflow: string,
  incident: Omit<TriggerIncident, 'workflow' | 'at'>,
): void {
  const at = ctx.now();
  const record: TriggerIncident = {
    workflow,
    version: incident.version,
    trigger: incident.trigger,
    firing: incident.firing,
    code: incident.code,
    message: incident.message.slice(0, MAX_INCIDENT_MESSAGE),
    at,
  };
  tableOf<TriggerIncident>(ctx, TRIGGER_INCIDENTS_TABLE).put([at, workflow, incident.firing], record);
}
