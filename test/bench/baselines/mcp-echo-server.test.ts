/**
 * The mcp scenario's baseline: the bare SDK echo server answers `echo` over stdio the way
 * our tools answer, and the scenario's client helpers measure positive figures against it
 * and refuse an error answer. How fast it is is the bench's business, not asserted here.
 */
import { afterEach, expect, it } from 'vitest';
import { ECHO_CALL, ECHO_SERVER } from '../../../bench/baselines/mcp-echo.js';
import { callOnce, measureCalls } from '../../../bench/harness/mcp-calls.js';
import { connectStdioServer, type StdioServerChild } from '../../../bench/harness/mcp-stdio.js';

let child: StdioServerChild | null = null;

afterEach(async () => {
  await child?.close();
  child = null;
});

it('answers echo with the text it was given, as structured content and as JSON text', async () => {
  child = await connectStdioServer(ECHO_SERVER, []);
  const result = await child.client.callTool({ name: 'echo', arguments: { text: 'hello' } });
  expect(result.isError).toBeFalsy();
  expect(result.structuredContent).toEqual({ text: 'hello' });
  expect(result.content).toEqual([{ type: 'text', text: '{"text":"hello"}' }]);
});

it('gives positive sequential and pipelined figures for calls against it', async () => {
  child = await connectStdioServer(ECHO_SERVER, []);
  const sample = await measureCalls(child.client, ECHO_CALL, {
    sequentialMs: 50,
    pipelinedMs: 50,
    inFlight: 8,
  });
  expect(sample.sequential.perSecond).toBeGreaterThan(0);
  expect(sample.latency).toHaveLength(sample.sequential.operations);
  expect(sample.latency.every((micros) => micros > 0)).toBe(true);
  expect(sample.pipelined.perSecond).toBeGreaterThan(0);
});

it('counts no error answer as a round trip', async () => {
  child = await connectStdioServer(ECHO_SERVER, []);
  await expect(callOnce(child.client, { name: 'echo', arguments: {} })).rejects.toThrow(
    /echo answered an error/,
  );
});
