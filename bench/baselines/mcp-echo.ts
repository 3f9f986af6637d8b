/**
 * Baseline of the mcp scenario: the bare SDK echo server (`mcp-echo-server.ts`) in a child
 * process, driven by the same client code as `troupe serve` (`harness/mcp-calls.ts`).
 * Opened once; each round measures sequential and pipelined `echo` calls.
 */

import { type CallMeasureOptions, type CallSample, callOnce, measureCalls } from '../harness/mcp-calls.js';
import { connectStdioServer } from '../harness/mcp-stdio.js';
import { type MeasureSession, warmUpFor } from '../harness/session.js';

export const ECHO_SERVER = new URL('./mcp-echo-server.js', import.meta.url);
export const ECHO_CALL = { name: 'echo', arguments: { text: 'src/cli/serve.ts' } } as const;

export async function openMcpEcho(
  measure: CallMeasureOptions,
  warmupMs: number,
): Promise<MeasureSession<CallSample>> {
  const child = await connectStdioServer(ECHO_SERVER, []);
  try {
    await warmUpFor(warmupMs, () => callOnce(child.client, ECHO_CALL));
  } catch (error) {
    await child.close();
    throw error;
  }
  return {
    measureRound: () => measureCalls(child.client, ECHO_CALL, measure),
    close: () => child.close(),
  };
}
