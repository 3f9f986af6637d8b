/**
 * What starts a run: `manual` (execute_workflow, the embedding API), an `event` (a system
 * event of that type; its data becomes `trigger.payload`), or a `schedule` (a cron
 * expression read by `cron-parser`). Owns the trigger's normal form, the payload schema
 * (seed-style typed fields or a JSON Schema) and the schedule arithmetic; firing a trigger
 * is the runtime's.
 *
 * Missed firings collapse: after downtime, `scheduledFiring` reports one due firing (the
 * latest missed one), not one per missed slot.
 */
import { CronExpressionParser } from 'cron-parser';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import type { RawTrigger } from './raw-schema.js';
import { typedFieldsToJsonSchema } from './typed-fields.js';
import type { TriggerDefinition } from './types.js';

export function normaliseTrigger(
  raw: RawTrigger | undefined,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): TriggerDefinition {
  if (raw === undefined || raw === 'manual') return { kind: 'manual' };
  const issue = (field: string, message: string) =>
    issues.push({ path: formatPath([...path, field]), message });
  const kinds = [raw.event && 'event', raw.schedule && 'schedule', raw.manual && 'manual'].filter(Boolean);
  if (kinds.length !== 1)
    issues.push({ path: formatPath(path), message: 'must have exactly one of event, schedule or manual' });
  if (raw.timezone !== undefined && raw.schedule === undefined) issue('timezone', 'is only for a schedule');
  if (raw.payload !== undefined && raw.schema !== undefined)
    issue('schema', 'give payload (typed fields) or schema, not both');
  const payloadSchema =
    raw.schema ??
    (raw.payload === undefined
      ? undefined
      : typedFieldsToJsonSchema(raw.payload, [...path, 'payload'], issues));
  const withSchema = payloadSchema === undefined ? {} : { payloadSchema };
  if (raw.event !== undefined) return { kind: 'event', event: raw.event, ...withSchema };
  if (raw.schedule !== undefined) {
    const problem = cronProblem(raw.schedule, raw.timezone);
    if (problem) issue('schedule', problem);
    return {
      kind: 'schedule',
      cron: raw.schedule,
      ...(raw.timezone === undefined ? {} : { timezone: raw.timezone }),
      ...withSchema,
    };
  }
  return { kind: 'manual', ...withSchema };
}

function cronProblem(cron: string, timezone: string | undefined): string | undefined {
  try {
    CronExpressionParser.parse(cron, {
      currentDate: 0,
      ...(timezone === undefined ? {} : { tz: timezone }),
    }).next();
    return undefined;
  } catch (error) {
    return `is not a valid cron expression${timezone === undefined ? '' : ` in time zone ${timezone}`}: ${(error as Error).message}`;
  }
}

/** The schedule's state at `now`: a due firing, if one fell in (lastFiredAt, now], and the next one. */
export interface ScheduledFiring {
  /** The latest firing time missed or due since `lastFiredAt` (epoch ms); the others collapse into it. */
  readonly due?: number;
  /** The first firing time after `now` (epoch ms). */
  readonly next: number;
}

/** When a schedule trigger fires, given when it last fired (`undefined`: never) and the time now. */
export function scheduledFiring(
  trigger: Extract<TriggerDefinition, { kind: 'schedule' }>,
  lastFiredAt: number | undefined,
  now: number,
): ScheduledFiring {
  const tz = trigger.timezone === undefined ? {} : { tz: trigger.timezone };
  const next = CronExpressionParser.parse(trigger.cron, { currentDate: now, ...tz })
    .next()
    .getTime();
  if (lastFiredAt === undefined) return { next };
  const latest = CronExpressionParser.parse(trigger.cron, { currentDate: now + 1, ...tz })
    .prev()
    .getTime();
  return latest > lastFiredAt && latest <= now ? { due: latest, next } : { next };
}
