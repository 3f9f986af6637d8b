/**
 * The workflows scenario's tool as a thread tool: `inc`, loaded by every worker thread from
 * this module, so the bench's steps run on their runs' own threads (scenarios/workflows.ts).
 */
import { workflows } from '../../src/index.js';

export const inc = (args: unknown) => ({ output: { n: Number((args as { n: number }).n) + 1 } });

export const benchIncTools = workflows.defineThreadTools({
  module: import.meta.url,
  name: 'benchIncTools',
  tools: { inc },
});
