/**
 * The wait-for graph: the edge that closes a cycle reports it (named from the victim's
 * waiter), a DAG never does, parallel edges count until the last is removed, removing
 * an edge or a node breaks a would-be cycle, and malformed input is refused by class.
 */
import { describe, expect, it } from 'vitest';
import {
  type Cycle,
  cyclePathFromVictim,
  DuplicateWaitTokenError,
  describeCycle,
  InvalidWaitEdgeError,
  type WaitEdge,
  WaitForGraph,
  type WaitKind,
} from '../../../../actors/supervisors/deadlock/index.js';
import { DeadlockError } from '../../../../src/kernel/errors.js';

let clock = 0;
function wait(from: string, to: string, token = `${from}->${to}`, kind: WaitKind = 'ask'): WaitEdge {
  return { from, to, kind, token, since: ++clock };
}

function tokensOf(cycle: Cycle | null): string[] | null {
  return cycle === null ? null : cycle.edges.map((edge) => edge.token);
}

describe('WaitForGraph cycle detection', () => {
  it('reports A -> B -> A when the second ask closes it', () => {
    const graph = new WaitForGraph();
    expect(graph.addEdge(wait('A', 'B'))).toBeNull();
    const cycle = graph.addEdge(wait('B', 'A'));
    expect(cycle?.nodes).toEqual(['A', 'B']);
    expect(tokensOf(cycle)).toEqual(['A->B', 'B->A']);
    expect(describeCycle(cycle as Cycle)).toBe('B -> A -> B');
  });

  it('reports A -> B -> C -> A across ask, lock and step edges, closing edge last', () => {
    const graph = new WaitForGraph();
    expect(graph.addEdge(wait('A', 'B', 'ask-1', 'ask'))).toBeNull();
    expect(graph.addEdge(wait('B', 'C', 'lock-1', 'lock'))).toBeNull();
    const closing = wait('C', 'A', 'step-1', 'step');
    const cycle = graph.addEdge(closing) as Cycle;
    expect(cycle.nodes).toEqual(['A', 'B', 'C']);
    expect(cycle.edges.map((edge) => edge.kind)).toEqual(['ask', 'lock', 'step']);
    expect(cycle.edges[2]).toEqual(closing);
    expect(describeCycle(cycle)).toBe('C -> A -> B -> C');
    expect(new DeadlockError(cyclePathFromVictim(cycle)).message).toBe(`deadlock: ${describeCycle(cycle)}`);
  });

  it('treats a self-wait as a cycle of one, named like the kernel names a self-ask', () => {
    const graph = new WaitForGraph();
    const cycle = graph.addEdge(wait('A', 'A')) as Cycle;
    expect(cycle.nodes).toEqual(['A']);
    expect(tokensOf(cycle)).toEqual(['A->A']);
    expect(describeCycle(cycle)).toBe('A -> A');
    expect(new DeadlockError(cyclePathFromVictim(cycle)).message).toBe('deadlock: A -> A');
  });

  it('raises no false positive on a diamond or any other DAG', () => {
    const graph = new WaitForGraph();
    for (const [from, to] of [
      ['A', 'B'],
      ['A', 'C'],
      ['B', 'D'],
      ['C', 'D'],
      ['A', 'D'],
      ['D', 'E'],
      ['B', 'C'],
      ['X', 'A'],
    ] as const) {
      expect(graph.addEdge(wait(from, to))).toBeNull();
    }
    expect(graph.size).toBe(8);
  });

  it('returns the shortest of the cycles the edge closes', () => {
    const graph = new WaitForGraph();
    graph.addEdge(wait('B', 'C'));
    graph.addEdge(wait('C', 'D'));
    graph.addEdge(wait('D', 'A'));
    graph.addEdge(wait('B', 'A'));
    expect(graph.addEdge(wait('A', 'B'))?.nodes).toEqual(['B', 'A']);
  });
});

describe('WaitForGraph edges and removal', () => {
  it('keeps a pair waiting while one of two parallel asks remains', () => {
    const graph = new WaitForGraph();
    graph.addEdge(wait('A', 'B', 'ask-1'));
    graph.addEdge(wait('A', 'B', 'ask-2'));
    expect(graph.size).toBe(2);
    expect(graph.edgesBetween('A', 'B').map((edge) => edge.token)).toEqual(['ask-1', 'ask-2']);
    expect(graph.removeEdge('ask-1')).toBe(true);
    expect(graph.removeEdge('ask-1')).toBe(false);
    expect(graph.edgesBetween('A', 'B').map((edge) => edge.token)).toEqual(['ask-2']);
    expect(tokensOf(graph.addEdge(wait('B', 'A', 'ask-3')))).toEqual(['ask-2', 'ask-3']);
  });

  it('represents a hop with parallel edges by its youngest edge', () => {
    const graph = new WaitForGraph();
    graph.addEdge({ from: 'A', to: 'B', kind: 'ask', token: 'old', since: 1 });
    graph.addEdge({ from: 'A', to: 'B', kind: 'ask', token: 'new', since: 7 });
    graph.addEdge({ from: 'A', to: 'B', kind: 'ask', token: 'middle', since: 4 });
    const cycle = graph.addEdge({ from: 'B', to: 'A', kind: 'ask', token: 'back', since: 2 });
    expect(tokensOf(cycle)).toEqual(['new', 'back']);
  });

  it('no longer closes a cycle once an edge on the way was removed', () => {
    const graph = new WaitForGraph();
    graph.addEdge(wait('A', 'B'));
    graph.addEdge(wait('B', 'C'));
    expect(graph.removeEdge('A->B')).toBe(true);
    expect(graph.addEdge(wait('C', 'A'))).toBeNull();
    expect(graph.hasNode('A')).toBe(true);
    expect(
      graph
        .edges()
        .map((edge) => edge.token)
        .sort(),
    ).toEqual(['B->C', 'C->A']);
  });

  it('removes every edge into and out of a node, and forgets the node', () => {
    const graph = new WaitForGraph();
    graph.addEdge(wait('X', 'A'));
    graph.addEdge(wait('A', 'B', 'ask-1'));
    graph.addEdge(wait('A', 'B', 'ask-2'));
    graph.addEdge(wait('A', 'A'));
    graph.addEdge(wait('B', 'C'));
    const removed = graph.removeNode('A');
    expect(removed.map((edge) => edge.token).sort()).toEqual(['A->A', 'X->A', 'ask-1', 'ask-2']);
    expect(graph.hasNode('A')).toBe(false);
    expect(graph.hasNode('X')).toBe(false);
    expect(graph.edges().map((edge) => edge.token)).toEqual(['B->C']);
    expect(graph.addEdge(wait('C', 'B'))?.nodes).toEqual(['B', 'C']);
    expect(graph.removeNode('nobody')).toEqual([]);
  });

  it('finds the cycle left through the closing edge after a victim that was not that edge', () => {
    const graph = new WaitForGraph();
    graph.addEdge({ from: 'A', to: 'B', kind: 'ask', token: 'a-b', since: 10 });
    graph.addEdge({ from: 'B', to: 'C', kind: 'ask', token: 'b-c', since: 1 });
    graph.addEdge({ from: 'A', to: 'E', kind: 'ask', token: 'a-e', since: 2 });
    graph.addEdge({ from: 'E', to: 'C', kind: 'ask', token: 'e-c', since: 3 });
    const first = graph.addEdge({ from: 'C', to: 'A', kind: 'lock', token: 'c-a', since: 5 });
    expect(tokensOf(first)).toEqual(['a-b', 'b-c', 'c-a']);
    graph.removeEdge('a-b');
    expect(tokensOf(graph.cycleThrough('c-a'))).toEqual(['a-e', 'e-c', 'c-a']);
    graph.removeEdge('c-a');
    expect(graph.cycleThrough('c-a')).toBeNull();
    expect(graph.cycleThrough('a-e')).toBeNull();
  });

  it('stores a copy of the edge, and edges() hands out a copy of the list', () => {
    const graph = new WaitForGraph();
    const edge = { ...wait('A', 'B'), extra: 'not kept' };
    graph.addEdge(edge);
    (edge as { to: string }).to = 'Z';
    expect(graph.getEdge('A->B')).toEqual({
      from: 'A',
      to: 'B',
      kind: 'ask',
      token: 'A->B',
      since: edge.since,
    });
    graph.edges().pop();
    expect(graph.size).toBe(1);
  });
});

describe('WaitForGraph input checks', () => {
  it('refuses a token already in the graph and stays unchanged', () => {
    const graph = new WaitForGraph();
    graph.addEdge(wait('A', 'B', 'ask-1'));
    const error = (() => {
      try {
        graph.addEdge(wait('B', 'A', 'ask-1'));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DuplicateWaitTokenError);
    expect((error as DuplicateWaitTokenError).code).toBe('duplicate_wait_token');
    expect(graph.size).toBe(1);
    expect(graph.hasNode('B')).toBe(true);
    expect(graph.edgesBetween('B', 'A')).toEqual([]);
  });

  it.each([
    [{ since: Number.NaN }, 'edge.since', 'edge.since must be a finite number (got NaN)'],
    [{ from: '' }, 'edge.from', 'edge.from must be a non-empty string (got "")'],
    [{ token: 42 }, 'edge.token', 'edge.token must be a non-empty string (got 42)'],
    [{ kind: 'mutex' }, 'edge.kind', 'edge.kind must be one of ask, lock, step (got "mutex")'],
  ])('refuses a malformed edge %o, naming the field', (patch, field, message) => {
    const graph = new WaitForGraph();
    const edge = { ...wait('A', 'B'), ...patch } as unknown as WaitEdge;
    expect(() => graph.addEdge(edge)).toThrow(InvalidWaitEdgeError);
    try {
      graph.addEdge(edge);
    } catch (error) {
      expect((error as InvalidWaitEdgeError).code).toBe('invalid_wait_edge');
      expect((error as InvalidWaitEdgeError).field).toBe(field);
      expect((error as Error).message).toBe(message);
    }
    expect(graph.size).toBe(0);
  });
});
