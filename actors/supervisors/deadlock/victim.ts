/**
 * Breaking a deadlock: which wait to fail, and how to name the cycle in the error.
 *
 * The victim is the youngest waiter: the edge of the cycle whose wait began last
 * (largest `since`; on a tie, the greater token, digit runs compared as numbers so that
 * the kernel's `thread:askId` tokens order as asked: `1:10` after `1:9`). Failing the newest
 * wait undoes the least work, and when `since` is the moment each wait began it is the
 * wait that closed the cycle, which leaves the graph as acyclic as it was before.
 *
 * The cycle is named starting at the victim's waiter, in wait order, back to it:
 * victim `C → A` in `A → B → C → A` reads `"C -> A -> B -> C"`, the same list and text
 * as the kernel's `DeadlockError(cycle)` (`deadlock: C -> A -> B -> C`).
 *
 * What it does not do: remove the edge or fail the wait (the supervisor does both).
 */
import { EmptyCycleError } from './errors.js';
import type { Cycle, WaitEdge } from './wait-edge.js';

/** Whether wait `a` began after wait `b` (larger `since`; on a tie, greater token). */
export function isYoungerWait(a: WaitEdge, b: WaitEdge): boolean {
  return a.since > b.since || (a.since === b.since && compareTokens(a.token, b.token) > 0);
}

const DIGIT_RUN = /(\d+)/;

/**
 * Token order: runs of digits compare as numbers (`9` < `10`, leading zeros ignored,
 * then the shorter run first), everything else in code-unit order. Negative when `a`
 * comes first; 0 only for equal tokens.
 */
export function compareTokens(a: string, b: string): number {
  const partsOfA = a.split(DIGIT_RUN);
  const partsOfB = b.split(DIGIT_RUN);
  // split with a capture group alternates text (even index) and digit runs (odd index).
  for (let index = 0; index < Math.min(partsOfA.length, partsOfB.length); index++) {
    const partOfA = partsOfA[index] as string;
    const partOfB = partsOfB[index] as string;
    if (partOfA === partOfB) continue;
    if (index % 2 === 1) {
      const numberOfA = partOfA.replace(/^0+/, '');
      const numberOfB = partOfB.replace(/^0+/, '');
      if (numberOfA.length !== numberOfB.length) return numberOfA.length - numberOfB.length;
      if (numberOfA !== numberOfB) return numberOfA < numberOfB ? -1 : 1;
    }
    return partOfA < partOfB ? -1 : 1;
  }
  return partsOfA.length - partsOfB.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The edge to fail to break `cycle`: its youngest wait. Throws `EmptyCycleError` for no edges. */
export function chooseVictim(cycle: Cycle): WaitEdge {
  return cycle.edges[victimIndex(cycle)] as WaitEdge;
}

/**
 * The cycle as the node list `DeadlockError` takes: from the victim's waiter, in wait
 * order, ending with the victim's waiter again (`['C', 'A', 'B', 'C']`; a self-wait
 * is `['A', 'A']`).
 */
export function cyclePathFromVictim(cycle: Cycle): string[] {
  const start = victimIndex(cycle);
  const { nodes } = cycle;
  const path: string[] = [];
  for (let step = 0; step < nodes.length; step++) path.push(nodes[(start + step) % nodes.length] as string);
  path.push(nodes[start] as string);
  return path;
}

/** `"C -> A -> B -> C"`: the whole cycle, from the victim's waiter back to it. */
export function describeCycle(cycle: Cycle): string {
  return cyclePathFromVictim(cycle).join(' -> ');
}

function victimIndex(cycle: Cycle): number {
  if (cycle.edges.length === 0) throw new EmptyCycleError('cycle.edges');
  let youngest = 0;
  for (let index = 1; index < cycle.edges.length; index++) {
    if (isYoungerWait(cycle.edges[index] as WaitEdge, cycle.edges[youngest] as WaitEdge)) youngest = index;
  }
  return youngest;
}
