/**
 * `examples/gateway.ts` runs as the README says, from the package entry: a proxied call to a
 * real downstream server, the second read-only call from another agent served from the
 * cache, and a workflow whose steps are the downstream tool and a function of the service.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs the gateway example to its expected outcome', () => {
  const script = fileURLToPath(new URL('../../examples/gateway.js', import.meta.url));
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
  expect(JSON.parse(out)).toEqual({
    echo: 'Echo: hello',
    sum: expect.stringContaining('42'),
    cached: [false, true],
    run: 'completed',
    output: 'ECHO: THROUGH THE GATEWAY',
  });
}, 70_000);
