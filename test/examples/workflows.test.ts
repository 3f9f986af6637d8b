/**
 * `examples/workflows.ts` runs as the README says: a YAML workflow whose step is a service's
 * function, run with seed 004's `executeWorkflow(name, payload, context)` on the engine.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs the workflows example to its expected outcome', () => {
  const script = fileURLToPath(new URL('../../examples/workflows.js', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
  expect(JSON.parse(out)).toEqual({
    status: 'completed',
    timed: true,
    output: { text: '(es) hello' },
    usage: { tokens: 12, cost: 0 },
  });
});
