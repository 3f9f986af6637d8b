/**
 * The bench's `--only`: names and groups (`scaling`) select scenarios in registry order; an
 * unknown name is a `BenchArgsError` that lists the scenarios and the groups.
 */
import { expect, it } from 'vitest';
import { BenchArgsError, parseBenchArgs } from '../../../bench/harness/args.js';

const KNOWN = ['tell-local', 'scaling-actors', 'scaling-threads', 'mcp'];
const GROUPS = new Map([['scaling', ['scaling-actors', 'scaling-threads']]]);

it('expands a group and keeps registry order', () => {
  expect(parseBenchArgs([], KNOWN, GROUPS)).toEqual({ only: null, floodSends: null });
  expect(parseBenchArgs(['--only', 'mcp,scaling'], KNOWN, GROUPS)).toEqual({
    only: ['scaling-actors', 'scaling-threads', 'mcp'],
    floodSends: null,
  });
  expect(parseBenchArgs(['--only=scaling-threads'], KNOWN, GROUPS)).toEqual({
    only: ['scaling-threads'],
    floodSends: null,
  });
});

it("takes the flood scenario's number of sends, a positive integer", () => {
  expect(parseBenchArgs(['--only', 'mcp', '--flood-sends', '2000'], KNOWN, GROUPS)).toEqual({
    only: ['mcp'],
    floodSends: 2000,
  });
  expect(parseBenchArgs(['--flood-sends=500'], KNOWN, GROUPS)).toEqual({ only: null, floodSends: 500 });
  expect(() => parseBenchArgs(['--flood-sends', '0'], KNOWN, GROUPS)).toThrow(
    /--flood-sends must be a positive integer/,
  );
  expect(() => parseBenchArgs(['--flood-sends'], KNOWN, GROUPS)).toThrow(BenchArgsError);
});

it('names the scenarios and groups when a name is unknown', () => {
  expect(() => parseBenchArgs(['--only', 'scale'], KNOWN, GROUPS)).toThrow(BenchArgsError);
  expect(() => parseBenchArgs(['--only', 'scale'], KNOWN, GROUPS)).toThrow(
    /or a group: scaling\) \(got scale\)/,
  );
});
