/**
 * The workflow engine without MCP: start it on a system with a store, with the service's tool
 * as a function, define a workflow in YAML and run it — seed 004's
 * `executeWorkflow(name, payload, context)` → `{ status, duration, steps }` on the engine.
 *
 * Run: `npm run build && node dist/examples/workflows.js`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActorSystem, workflows } from '../src/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-example-'));
const system = createActorSystem({ dataDir });
const engine = await workflows.startWorkflows(system, {
  tools: {
    'mt.translate': async (args) => {
      const { text, to } = args as { text: string; to: string };
      return { output: { text: `(${to}) ${text}` }, usage: { tokens: 12 } };
    },
  },
});
await engine.registerWorkflow(`
name: translate
steps:
  - name: translate
    tool: mt.translate
    input: { text: "\${trigger.payload.text}", to: "\${context.language}" }
`);
const { status, duration, steps } = await engine.executeWorkflow(
  'translate',
  { text: 'hello' },
  { language: 'es' },
);
process.stdout.write(
  `${JSON.stringify({ status, timed: duration >= 0, output: steps[0]?.output, usage: steps[0]?.usage })}\n`,
);
await system.shutdown();
rmSync(dataDir, { recursive: true, force: true });
