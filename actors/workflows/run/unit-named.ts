/**
 * A unit of a run found from outside the core — by its step's name, and a fan-out child's
 * index — as reports, permission checks and a wait's input address it (the core itself
 * addresses units by index: turn.ts); and the idempotency key of one of its attempts.
 */
import type { AttemptRecord, UnitState, WorkflowRun } from './types.js';

export type UnitAddress = { readonly step: string; readonly child?: number | undefined };

/** The step `address.step` of `run`, or its child `address.child`; undefined when the run has none. */
export function unitNamed(run: WorkflowRun, address: UnitAddress): UnitState | undefined {
  const step = run.steps.find((candidate) => candidate.name === address.step);
  return address.child === undefined ? step : step?.children?.[address.child];
}

/** `runId:step:attempt`, or `runId:step[child]:attempt` for a fan-out's child: the same for every send of the attempt. */
export function idempotencyKeyOf(runId: string, address: UnitAddress, attempt: number): string {
  return keyOfAttempt(runId, unitKeyOf(address.step, address.child), attempt);
}

/** The one format of an idempotency key, from the unit's key (`unitKeyOf`). */
export function keyOfAttempt(runId: string, unitKey: string, attempt: number): string {
  return `${runId}:${unitKey}:${attempt}`;
}

/** `step`, or `step[child]`: how a unit is named in keys, timer ids and messages. */
export function unitKeyOf(step: string, child: number | undefined): string {
  return child === undefined ? step : `${step}[${child}]`;
}

/** The key of an attempt of the unit at `address` (runs stored before it was derived kept it in the record). */
export function attemptKeyOf(runId: string, address: UnitAddress, record: AttemptRecord): string {
  return record.idempotencyKey ?? idempotencyKeyOf(runId, address, record.attempt);
}
