/**
 * The supervisor's decision when a child exits — a pure function of the supervision
 * spec, the children in start order, the restart history and the clock. The runtime
 * (on whichever thread the supervisor lives) carries the decision out.
 */
import type { StopReason } from '../actor/behaviour.js';
import { backoffDelay } from './backoff.js';
import type { ChildExit } from './child-exit.js';
import { restartsInWindow } from './intensity.js';
import type { RestartType, SupervisionSpec } from './spec.js';

export interface ChildView {
  readonly id: string;
  readonly restart: RestartType;
}

export type Decision =
  /** Restart `restart` (in start order) after `delayMs`; `history` is the new restart window. */
  | {
      readonly action: 'restart';
      readonly restart: readonly string[];
      readonly delayMs: number;
      readonly history: number[];
    }
  /** Let the child go: forget its spec. */
  | { readonly action: 'remove' }
  /** Too many restarts in the period: the supervisor itself fails. */
  | { readonly action: 'escalate' };

export function isAbnormal(reason: StopReason): boolean {
  return reason !== 'normal' && reason !== 'shutdown';
}

/** Does this exit call for a restart, given the child's restart type? */
export function wantsRestart(restart: RestartType, exit: ChildExit): boolean {
  switch (exit.type) {
    case 'spawn-failed':
      return false;
    case 'failed':
    case 'lost':
      return restart !== 'temporary';
    case 'stopped':
      if (exit.reason === 'shutdown') return false;
      switch (restart) {
        case 'permanent':
          return true;
        case 'transient':
          return isAbnormal(exit.reason);
        case 'temporary':
          return false;
      }
  }
}

export function decide(
  spec: SupervisionSpec,
  children: readonly ChildView[],
  childId: string,
  exit: ChildExit,
  history: readonly number[],
  now: number,
): Decision {
  const child = children.find((c) => c.id === childId);
  if (!child || !wantsRestart(child.restart, exit)) return { action: 'remove' };
  const window = restartsInWindow(history, now, spec.periodMs);
  // Lost through no fault of its own: back at once, its restart window untouched.
  if (exit.type === 'lost' && !exit.charged)
    return {
      action: 'restart',
      restart: affectedChildren(spec, children, childId),
      delayMs: 0,
      history: window,
    };
  if (window.length + 1 > spec.intensity) return { action: 'escalate' };
  window.push(now);
  return {
    action: 'restart',
    restart: affectedChildren(spec, children, childId),
    delayMs: backoffDelay(spec.backoff, window.length),
    history: window,
  };
}

/** The children a strategy restarts together with `childId`, in start order. */
export function affectedChildren(
  spec: SupervisionSpec,
  children: readonly ChildView[],
  childId: string,
): string[] {
  switch (spec.strategy) {
    case 'one-for-one':
      return [childId];
    case 'one-for-all':
      return children.map((c) => c.id);
    case 'rest-for-one': {
      const at = children.findIndex((c) => c.id === childId);
      return children.slice(at).map((c) => c.id);
    }
  }
}
