/**
 * Victim choice: the youngest wait of the cycle (largest `since`, then greatest token),
 * and the cycle named from the victim's waiter back to it, as `DeadlockError` expects.
 */
import { describe, expect, it } from 'vitest';
import {
  type Cycle,
  chooseVictim,
  compareTokens,
  cyclePathFromVictim,
  describeCycle,
  EmptyCycleError,
  type WaitEdge,
} from '../../../../actors/supervisors/deadlock/index.js';

function edge(from: string, to: string, since: number, token = `${from}-${to}`): WaitEdge {
  return { from, to, kind: 'ask', token, since };
}

/** A → B → C → A with the given ages. */
function triangle(ab: number, bc: number, ca: number, tokens = ['ab', 'bc', 'ca']): Cycle {
  return {
    nodes: ['A', 'B', 'C'],
    edges: [edge('A', 'B', ab, tokens[0]), edge('B', 'C', bc, tokens[1]), edge('C', 'A', ca, tokens[2])],
  };
}

describe('chooseVictim', () => {
  it('picks the wait that began last, wherever it sits in the cycle', () => {
    expect(chooseVictim(triangle(3, 1, 2)).token).toBe('ab');
    expect(chooseVictim(triangle(1, 3, 2)).token).toBe('bc');
    expect(chooseVictim(triangle(1, 2, 3)).token).toBe('ca');
  });

  it('breaks a tie in `since` by the greater token', () => {
    expect(chooseVictim(triangle(5, 5, 1, ['ask-2', 'ask-7', 'ask-9'])).token).toBe('ask-7');
    expect(chooseVictim(triangle(5, 5, 5, ['b', 'c', 'a'])).token).toBe('c');
  });

  it("orders the kernel's thread:askId tokens as asked when `since` ties (same millisecond)", () => {
    expect(chooseVictim(triangle(5, 5, 1, ['1:9', '1:10', '2:3'])).token).toBe('1:10');
    expect(chooseVictim(triangle(5, 1, 5, ['3:100', '0:0', '3:99'])).token).toBe('3:100');
  });

  it('refuses a cycle without edges', () => {
    expect(() => chooseVictim({ nodes: [], edges: [] })).toThrow(EmptyCycleError);
    expect(() => describeCycle({ nodes: [], edges: [] })).toThrow('cycle.edges has no edges');
  });
});

describe('describeCycle', () => {
  it("names the whole cycle starting and ending at the victim's waiter", () => {
    expect(describeCycle(triangle(3, 1, 2))).toBe('A -> B -> C -> A');
    expect(describeCycle(triangle(1, 3, 2))).toBe('B -> C -> A -> B');
    expect(describeCycle(triangle(1, 2, 3))).toBe('C -> A -> B -> C');
    expect(cyclePathFromVictim(triangle(1, 3, 2))).toEqual(['B', 'C', 'A', 'B']);
  });

  it('names a self-wait as the kernel names a self-ask', () => {
    expect(describeCycle({ nodes: ['narcissus'], edges: [edge('narcissus', 'narcissus', 1)] })).toBe(
      'narcissus -> narcissus',
    );
  });
});

describe('compareTokens', () => {
  it('compares digit runs as numbers and the rest by code unit, as a total order', () => {
    const sorted = [
      'ask-10',
      'ask-9',
      'ask-010',
      'ask-1',
      'b',
      'a',
      '2:1',
      '10:0',
      '1:20',
      'ask-9x',
      '',
    ].sort(compareTokens);
    expect(sorted).toEqual([
      '',
      '1:20',
      '2:1',
      '10:0',
      'a',
      'ask-1',
      'ask-9',
      'ask-9x',
      'ask-010',
      'ask-10',
      'b',
    ]);
    expect(compareTokens('x7', 'x7')).toBe(0);
    expect(Math.sign(compareTokens('x007', 'x7'))).toBe(-Math.sign(compareTokens('x7', 'x007')));
    expect(compareTokens('x007', 'x7')).not.toBe(0);
  });
});
