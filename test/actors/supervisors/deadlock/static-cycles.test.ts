/**
 * The static cycle check for workflow definitions: one entry per strongly connected
 * component that holds a cycle (several nodes, or a self-edge), with one shortest cycle
 * through its smallest node, in an order that depends only on the graph itself.
 */
import { describe, expect, it } from 'vitest';
import { findCycles, type StaticEdge } from '../../../../actors/supervisors/deadlock/index.js';

const edges = (...pairs: string[]): StaticEdge[] =>
  pairs.map((pair) => {
    const [from, to] = pair.split('>') as [string, string];
    return { from, to };
  });

describe('findCycles', () => {
  it('finds none in a DAG, a diamond or a graph of isolated nodes', () => {
    expect(findCycles([], [])).toEqual([]);
    expect(findCycles(['a', 'b', 'c'], [])).toEqual([]);
    expect(findCycles([], edges('a>b', 'a>c', 'b>d', 'c>d', 'a>d', 'd>e'))).toEqual([]);
  });

  it('finds a two-step cycle and a self-edge', () => {
    expect(findCycles([], edges('a>b', 'b>a'))).toEqual([{ component: ['a', 'b'], cycle: ['a', 'b'] }]);
    expect(findCycles(['x'], edges('x>x', 'x>y'))).toEqual([{ component: ['x'], cycle: ['x'] }]);
  });

  it('reports each disconnected cyclic component once, ordered by smallest member', () => {
    const graph = edges('q>r', 'r>p', 'p>q', 'm>m', 'd>e', 'e>d', 'e>f', 'f>g', 'start>q', 'k>l');
    expect(findCycles(['lonely'], graph)).toEqual([
      { component: ['d', 'e'], cycle: ['d', 'e'] },
      { component: ['m'], cycle: ['m'] },
      { component: ['p', 'q', 'r'], cycle: ['p', 'q', 'r'] },
    ]);
  });

  it('returns the whole component and the shortest cycle through its smallest node', () => {
    // a → b → c → d → a, plus the shortcut c → a and a tail d → e (outside the component).
    expect(findCycles([], edges('a>b', 'b>c', 'c>d', 'd>a', 'c>a', 'd>e'))).toEqual([
      { component: ['a', 'b', 'c', 'd'], cycle: ['a', 'b', 'c'] },
    ]);
  });

  it('gives the same answer whatever the order of nodes and edges', () => {
    const graph = edges('a>b', 'b>c', 'c>a', 'c>b', 'x>y', 'y>x', 'y>y', 'z>a');
    const expected = findCycles(['z', 'y', 'x'], graph);
    expect(findCycles(['x', 'y', 'z'], [...graph].reverse())).toEqual(expected);
    expect(
      findCycles([], [
        graph[3],
        graph[7],
        graph[0],
        graph[5],
        graph[1],
        graph[6],
        graph[2],
        graph[4],
      ] as StaticEdge[]),
    ).toEqual(expected);
    expect(expected.map((found) => found.cycle)).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y'],
    ]);
  });

  it('walks a 200 000-step ring without overflowing the stack', () => {
    const size = 200_000;
    const ring: StaticEdge[] = [];
    const name = (index: number) => `s${String(index).padStart(6, '0')}`;
    for (let index = 0; index < size; index++) ring.push({ from: name(index), to: name((index + 1) % size) });
    const [found, ...rest] = findCycles([], ring);
    expect(rest).toEqual([]);
    expect(found?.component.length).toBe(size);
    expect(found?.cycle.length).toBe(size);
    expect(found?.cycle[0]).toBe(name(0));
    expect(found?.cycle[size - 1]).toBe(name(size - 1));
  });
});
