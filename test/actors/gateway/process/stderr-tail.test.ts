/**
 * A downstream server's stderr tail keeps its last lines bounded and redacted: a server that
 * prints a key or an email — even split across two chunks — has it shown as its mark.
 */
import { expect, it } from 'vitest';
import { StderrTail } from '../../../../actors/gateway/process/stderr-tail.js';
import { SAMPLES } from '../../../fixtures/redaction-samples.js';

it('keeps the last lines, redacted, with a secret split across chunks redacted too', () => {
  const tail = new StderrTail(50, 1_000);
  for (const [sample] of SAMPLES) tail.write(`starting with ${sample}\n`);
  tail.write('token sk-proj-AbCdEfGhIjKl');
  tail.write('MnOpQrStUvWxYz012345 done\nunfinished a@b.co');
  const lines = tail.lines();
  expect(lines.slice(0, SAMPLES.length)).toEqual(
    SAMPLES.map(([, kind]) => `starting with [redacted:${kind}]`),
  );
  expect(lines.slice(SAMPLES.length)).toEqual([
    'token [redacted:api_key] done',
    'unfinished [redacted:email]',
  ]);
  expect(new StderrTail(2, 1_000).write('a\nb\nc\n')).toEqual(['a', 'b', 'c']);
});
