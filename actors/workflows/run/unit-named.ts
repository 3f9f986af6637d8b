/**
 * A unit of a run found from outside the core — by its step's name, and a fan-out child's
 * index — as reports, permission checks and a wait's input address it (the core itself
 * addresses units by index: turn.ts).
 */
import type { UnitState, WorkflowRun } from './types.js';

/** The step `address.step` of `run`, or its child `address.child`; undefined when the run has none. */
export function unitNamed(
  run: WorkflowRun,
  address: { readonly step: string; readonly child?: number | undefined },
): UnitState | undefined {
  const step = run.steps.find((candidate) => candidate.name === address.step);
  return address.child === undefined ? step : step?.children?.[address.child];
}
