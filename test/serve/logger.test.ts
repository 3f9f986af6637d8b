/**
 * `troupe serve`'s log redacts what it writes: each known sample of a secret or of personal
 * data, put in a message, a format argument, a nested field or a secret-named field, comes out
 * as its `[redacted:<kind>]` mark and never as itself.
 */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/serve/logger.js';
import { SAMPLES } from '../fixtures/redaction-samples.js';

it('writes no sample of a secret or of personal data, only their marks', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('debug', sink);
  for (const [sample, kind] of SAMPLES) {
    log.info(`downstream said: ${sample}`);
    log.warn({ detail: { text: `x ${sample} y` }, list: [sample] }, 'field');
    log.debug('format %s', sample);
    log.error({ config: { api_key: sample.slice(0, 4), Authorization: 'Basic dXNlcjpwYXNz' } }, kind);
  }
  const out = lines.join('');
  for (const [sample, kind] of SAMPLES) {
    expect(out).not.toContain(sample);
    expect(out).toContain(`[redacted:${kind}]`);
  }
  expect(out).not.toContain('dXNlcjpwYXNz');
  expect(out).toContain('"api_key":"[redacted:secret]"');
  expect(lines).toHaveLength(SAMPLES.length * 4);
});
