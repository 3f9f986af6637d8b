/**
 * `Link` (src/kernel/wire/link.ts): records queued in one synchronous stretch leave in order —
 * at the scheduled flush, or at once in slices of MAX_BATCH_RECORDS when the stretch is long —
 * and the receiver decodes every record once, in the order sent.
 */
import type { MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LinkDecoder } from '../../../src/kernel/wire/codec.js';
import { type Batch, Link, MAX_BATCH_RECORDS } from '../../../src/kernel/wire/link.js';

type Sent = { readonly n: number; readonly text: string };

function linkWithFakePort() {
  const batches: Batch[] = [];
  const port = {
    postMessage: (batch: Batch) => batches.push(batch),
    close: () => {},
  } as unknown as MessagePort;
  const scheduled: (() => void)[] = [];
  const link: Link<Sent> = new Link<Sent>(port, {
    scheduleFlush: (which) => scheduled.push(() => which.flush()),
    onUnencodable: () => {},
  });
  const decoder = new LinkDecoder(null);
  const received = () => batches.flatMap((batch) => decoder.decode(batch.epoch, batch.bytes) as Sent[]);
  return { link, batches, scheduled, received };
}

describe('Link', () => {
  it('sends a short stretch as one batch at the scheduled flush', () => {
    const { link, batches, scheduled, received } = linkWithFakePort();
    for (let n = 0; n < 10; n++) link.send({ n, text: `r${n}` });
    expect(batches).toHaveLength(0);
    expect(scheduled).toHaveLength(1);
    for (const flush of scheduled.splice(0)) flush();
    expect(batches).toHaveLength(1);
    expect(received().map((record) => record.n)).toEqual([...Array(10).keys()]);
  });

  it('sends a long stretch in slices as it goes, then the rest at the flush, all in order', () => {
    const { link, batches, scheduled, received } = linkWithFakePort();
    const count = MAX_BATCH_RECORDS * 2 + 17;
    for (let n = 0; n < count; n++) link.send({ n, text: `r${n}` });
    // Two full slices left during the stretch; the rest waits for the scheduled flush.
    expect(batches).toHaveLength(2);
    expect(link.pending).toBe(17);
    for (const flush of scheduled.splice(0)) flush();
    expect(link.pending).toBe(0);
    expect(received().map((record) => record.n)).toEqual([...Array(count).keys()]);
  });

  it('holds records while detached and sends them, in order, once attached', () => {
    const { link, batches, received } = linkWithFakePort();
    link.detach();
    for (let n = 0; n < MAX_BATCH_RECORDS + 5; n++) link.send({ n, text: `r${n}` });
    expect(batches).toHaveLength(0);
    const port = {
      postMessage: (batch: Batch) => batches.push(batch),
      close: () => {},
    } as unknown as MessagePort;
    link.attach(port);
    expect(received().map((record) => record.n)).toEqual([...Array(MAX_BATCH_RECORDS + 5).keys()]);
  });
});
