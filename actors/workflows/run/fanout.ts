/**
 * Fan-out steps: `parallel` (one child per branch) and `map` (one child per item of the
 * list `map.over` gives). Starting one evaluates the list and creates the children;
 * `fillSlots` starts children while fewer than `concurrency` are under way (a child waiting
 * for a retry holds its slot) and starts those a retry or fallback has made ready again.
 * Completing and failing them is success.ts's and failure.ts's.
 */
import { ExpressionFailure } from '../expressions/evaluate.js';
import { startAttempt } from './attempt.js';
import { unitFailed } from './failure.js';
import { completeFanOut } from './success.js';
import { FRESH_UNIT, isFinished, type Turn } from './turn.js';

export function startFanOut(turn: Turn, index: number): void {
  const compiled = turn.compiledStep(index);
  const work = compiled.definition.work;
  let items: unknown[] | undefined;
  if (work.kind === 'map') {
    let list: unknown;
    try {
      list = turn.evaluate(compiled.over ?? { kind: 'literal', value: [] }, turn.scope({ step: index }));
    } catch (error) {
      if (!(error instanceof ExpressionFailure)) throw error;
      unitFailed(
        turn,
        { step: index },
        {
          code: 'invalid_input',
          message: `step "${compiled.definition.name}": ${error.message}`,
          retryable: false,
        },
      );
      return;
    }
    if (!Array.isArray(list)) {
      const got = list === undefined ? 'nothing' : JSON.stringify(list).slice(0, 100);
      unitFailed(
        turn,
        { step: index },
        {
          code: 'invalid_input',
          message: `step "${compiled.definition.name}": map.over must give a list, it gave ${got}`,
          retryable: false,
        },
      );
      return;
    }
    items = list;
  }
  const count = items?.length ?? (work.kind === 'parallel' ? work.branches.length : 0);
  turn.setStatus({ step: index }, 'running');
  const step = turn.step(index);
  step.startedAt = turn.now;
  step.children = Array.from({ length: count }, () => FRESH_UNIT);
  if (items !== undefined) step.items = items;
  if (count === 0) completeFanOut(turn, index);
}

export function fillSlots(turn: Turn, index: number): void {
  const work = turn.compiledStep(index).definition.work;
  if (work.kind !== 'parallel' && work.kind !== 'map') return;
  const children = turn.readStep(index).children ?? [];
  let active = children.filter((child) => child.status !== 'pending' && !isFinished(child.status)).length;
  for (let child = 0; child < children.length; child++) {
    if (turn.run.status !== 'running' || turn.readStep(index).status !== 'running') return;
    const status = turn.readUnit({ step: index, child }).status;
    if (status === 'ready') startAttempt(turn, { step: index, child });
    else if (status === 'pending' && active < work.concurrency) {
      active += 1;
      startAttempt(turn, { step: index, child });
    }
  }
}
