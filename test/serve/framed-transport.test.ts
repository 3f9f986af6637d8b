/**
 * `FramedTransport`'s output under backpressure (`src/serve/framed-transport.ts`): a flood of
 * answers to a reader that does not keep up waits on one pair of `drain`/`close` listeners, not
 * one pair per answer (no MaxListenersExceededWarning), and every answer arrives, in order, once
 * the reader drains the stream; a stream that closes instead releases the waiting writes.
 */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { FramedTransport } from '../../src/serve/framed-transport.js';

const ANSWERS = 200;

function answer(id: number) {
  return { jsonrpc: '2.0' as const, id, result: { text: 'x'.repeat(64) } };
}

it('waits on one pair of listeners while the output is full, and delivers every answer in order', async () => {
  const output = new PassThrough({ highWaterMark: 128 });
  const transport = new FramedTransport(new PassThrough(), output);
  await transport.start();
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    let settled = 0;
    const sends = Array.from({ length: ANSWERS }, (_, id) =>
      transport.send(answer(id)).then(() => settled++),
    );
    await new Promise((resolve) => setImmediate(resolve));
    // The first answers fit under the high-water mark; the rest wait for the reader.
    expect(settled).toBeLessThan(5);
    expect(output.listenerCount('drain')).toBe(1);
    expect(output.listenerCount('close')).toBe(1);
    let text = '';
    output.on('data', (chunk: Buffer) => {
      text += String(chunk);
    });
    await Promise.all(sends);
    const ids = text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: number }).id);
    expect(ids).toEqual(Array.from({ length: ANSWERS }, (_, id) => id));
    expect(output.listenerCount('drain')).toBe(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  } finally {
    process.off('warning', onWarning);
  }
});

it('releases the waiting writes when the output closes instead of draining', async () => {
  const output = new PassThrough({ highWaterMark: 16 });
  const transport = new FramedTransport(new PassThrough(), output);
  await transport.start();
  const sends = Array.from({ length: 20 }, (_, id) => transport.send(answer(id)));
  output.destroy();
  await expect(Promise.all(sends)).resolves.toHaveLength(20);
});
