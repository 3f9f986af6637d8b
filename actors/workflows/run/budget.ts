/**
 * The run's budget (`guards.budget`): tokens, cost and wall time. Owns the arithmetic:
 * whether the next attempt can be afforded, whether what was spent is over, and usage
 * bookkeeping (an attempt's estimate is held while it runs and replaced by what it reports).
 *
 * How a step declares its expected cost: `estimate: { tokens, cost, ms }` on the step, and
 * for tokens, failing that, `config.maxTokens` (seed 004's NLU step writes `maxTokens: 2000`).
 * An attempt starts only if spent + held + expected fits every limit; otherwise the run fails
 * with `budget_exceeded` naming the budget, before the attempt starts. Wall time: the run
 * fails when `maxMs` has passed since it started (a timer, and every event checks), and an
 * attempt expected to take longer than what is left does not start.
 */
import type { Budget, Estimate } from '../definition/types.js';
import { NO_USAGE, type Turn, type UnitRef, unset, usageOf } from './turn.js';
import type { BudgetName, RunError, Usage, UsageReport } from './types.js';

/** Cost is money in floating point: 0.1 + 0.2 must not exceed 0.3. */
const COST_TOLERANCE = 1e-9;

export function budgetOf(turn: Turn): Budget {
  return turn.workflow.definition.guards.budget;
}

/** Why the run cannot afford to start `step` with this estimate, or undefined when it can. */
export function unaffordable(turn: Turn, step: string, estimate: Estimate): RunError | undefined {
  const budget = budgetOf(turn);
  const usage = usageOf(turn.run.usage);
  const reserved = usageOf(turn.run.reserved);
  const refuse = (name: BudgetName, limit: number, detail: string): RunError => ({
    code: 'budget_exceeded',
    message: `guards.budget.${name} (${limit}) cannot cover step "${step}": ${detail}`,
    budget: name,
    step,
  });
  if (budget.maxTokens !== undefined) {
    const committed = usage.tokens + reserved.tokens;
    if (committed + estimate.tokens > budget.maxTokens) {
      return refuse('maxTokens', budget.maxTokens, `${committed} spent or held, ${estimate.tokens} expected`);
    }
  }
  if (budget.maxCost !== undefined) {
    const committed = usage.cost + reserved.cost;
    if (committed + estimate.cost > budget.maxCost + COST_TOLERANCE) {
      return refuse('maxCost', budget.maxCost, `${committed} spent or held, ${estimate.cost} expected`);
    }
  }
  const deadline = wallDeadline(turn);
  if (deadline !== undefined && turn.now + estimate.ms > deadline) {
    return refuse(
      'maxMs',
      budget.maxMs as number,
      `${Math.max(0, deadline - turn.now)} ms left, ${estimate.ms} ms expected`,
    );
  }
  return undefined;
}

/** Which budget what was spent has gone over, or undefined. */
export function overspent(turn: Turn): RunError | undefined {
  const budget = budgetOf(turn);
  const usage = usageOf(turn.run.usage);
  if (budget.maxTokens !== undefined && usage.tokens > budget.maxTokens) {
    return exceeded(
      'maxTokens',
      `guards.budget.maxTokens (${budget.maxTokens}) exceeded: ${usage.tokens} spent`,
    );
  }
  if (budget.maxCost !== undefined && usage.cost > budget.maxCost + COST_TOLERANCE) {
    return exceeded('maxCost', `guards.budget.maxCost (${budget.maxCost}) exceeded: ${usage.cost} spent`);
  }
  const deadline = wallDeadline(turn);
  if (deadline !== undefined && turn.now >= deadline) return wallTimeExceeded(turn);
  return undefined;
}

export function wallTimeExceeded(turn: Turn): RunError {
  return exceeded('maxMs', `guards.budget.maxMs (${budgetOf(turn).maxMs} ms) ran out`);
}

function exceeded(budget: BudgetName, message: string): RunError {
  return { code: 'budget_exceeded', message, budget };
}

/** When the run's wall time runs out (epoch ms), if it has a `maxMs`. */
export function wallDeadline(turn: Turn): number | undefined {
  const maxMs = budgetOf(turn).maxMs;
  return maxMs === undefined || turn.run.startedAt === undefined ? undefined : turn.run.startedAt + maxMs;
}

/** Hold an attempt's estimate against the budget while it runs. */
export function reserve(turn: Turn, ref: UnitRef, estimate: Estimate): void {
  const current = turn.readUnit(ref).reserved;
  // Nothing expected and nothing held (most steps): the run stays as it is.
  if (estimate.tokens === 0 && estimate.cost === 0 && current === undefined) return;
  const held = { tokens: estimate.tokens, cost: estimate.cost };
  turn.unit(ref).reserved = held;
  turn.run.reserved = add(usageOf(turn.run.reserved), held);
}

/** Stop holding a unit's estimate (its attempt ended, or it was cancelled). */
export function release(turn: Turn, ref: UnitRef): void {
  const held = turn.readUnit(ref).reserved;
  if (held === undefined) return;
  turn.run.reserved = subtract(usageOf(turn.run.reserved), held);
  unset(turn.unit(ref), 'reserved');
}

/** Count usage a unit reports; while it still runs, what it spent comes off what is held for it. */
export function spend(turn: Turn, ref: UnitRef, report: UsageReport | undefined): Usage {
  const tokens = report?.tokens ?? 0;
  const cost = report?.cost ?? 0;
  if (tokens === 0 && cost === 0) return NO_USAGE;
  const spent = { tokens, cost };
  const unit = turn.unit(ref);
  unit.usage = add(usageOf(unit.usage), spent);
  if (unit.reserved !== undefined) {
    const held = {
      tokens: Math.min(unit.reserved.tokens, spent.tokens),
      cost: Math.min(unit.reserved.cost, spent.cost),
    };
    unit.reserved = subtract(unit.reserved, held);
    turn.run.reserved = subtract(usageOf(turn.run.reserved), held);
  }
  turn.run.usage = add(usageOf(turn.run.usage), spent);
  return spent;
}

export function add(a: Usage, b: Usage): Usage {
  return { tokens: a.tokens + b.tokens, cost: a.cost + b.cost };
}

function subtract(a: Usage, b: Usage): Usage {
  return { tokens: Math.max(0, a.tokens - b.tokens), cost: Math.max(0, a.cost - b.cost) };
}
