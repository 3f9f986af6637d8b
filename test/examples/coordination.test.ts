/**
 * `examples/coordination.ts` runs as the README says: two agents registered through the
 * embedding API, a message delivered, a lock handed from one to the waiting other.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs the coordination example to its expected outcome', () => {
  const script = fileURLToPath(new URL('../../examples/coordination.js', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
  expect(JSON.parse(out)).toEqual({ ada: 'ada', bob: true, inbox: ['taking parser.ts'] });
});
