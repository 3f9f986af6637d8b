/**
 * `Outbound.tell`: consecutive plain tells to one actor travel as one `tells` record, in the
 * order they were sent; a tell to another actor, a durable tell or a flush ends the group;
 * and a message that fails to encode at flush loses only itself, not its group.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { PendingAsks } from '../../../src/kernel/actor/pending-asks.js';
import { systemClock } from '../../../src/kernel/clock.js';
import { LinkDecoder } from '../../../src/kernel/wire/codec.js';
import type { Batch } from '../../../src/kernel/wire/link.js';
import type { WireRecord } from '../../../src/kernel/wire/wire.js';
import { Outbound } from '../../../src/kernel/worker/outbound.js';
import { ThreadState } from '../../../src/kernel/worker/thread-state.js';

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** An Outbound of thread 0 with a link to peer thread 1, and the batches thread 1 receives. */
function openLink() {
  const main = new MessageChannel();
  const peer = new MessageChannel();
  ports.push(main.port1, main.port2, peer.port1, peer.port2);
  const unencodable: WireRecord[] = [];
  const outbound = new Outbound(new ThreadState(0, 2, systemClock), new PendingAsks(), {
    mainPort: main.port1,
    peerPorts: [null, peer.port1],
    handleLocal: () => {},
    onUnencodable: (_thread, record) => unencodable.push(record),
  });
  const decoder = new LinkDecoder(null);
  const batches: WireRecord[][] = [];
  peer.port2.on('message', (batch: Batch) => {
    batches.push(decoder.decode(batch.epoch, batch.bytes) as WireRecord[]);
  });
  return { outbound, batches, unencodable };
}

it('groups consecutive tells to one actor, keeping the order across actors', async () => {
  const { outbound, batches } = openLink();
  outbound.tell(1, 'a', 1, 0);
  outbound.tell(1, 'a', 2, 0);
  outbound.tell(1, 'b', 3, 0);
  outbound.tell(1, 'a', 4, 0);
  outbound.tell(1, 'a', 5, 7); // already in a's durable inbox under 7
  outbound.tell(1, 'a', 6, 8);
  await expect.poll(() => batches.length).toBe(1);
  expect(batches[0]).toEqual([
    { kind: 'tells', to: 'a', messages: [1, 2], inboxes: null },
    { kind: 'tells', to: 'b', messages: [3], inboxes: null },
    { kind: 'tells', to: 'a', messages: [4], inboxes: null },
    { kind: 'tells', to: 'a', messages: [5, 6], inboxes: [7, 8] },
  ]);
  outbound.tell(1, 'a', 9, 0); // a new batch starts a new group
  await expect.poll(() => batches.length).toBe(2);
  expect(batches[1]).toEqual([{ kind: 'tells', to: 'a', messages: [9], inboxes: null }]);
});

it('loses only the message that fails to encode at flush, not the rest of its group', async () => {
  const { outbound, batches, unencodable } = openLink();
  outbound.tell(1, 'a', { n: 1 }, 0);
  // Senders check messages first (`assertEncodable`); this one bypasses the check.
  outbound.tell(1, 'a', { n: 2, fn: () => 2 }, 0);
  outbound.tell(1, 'a', { n: 3 }, 0);
  await expect.poll(() => batches.length).toBe(1);
  expect(batches[0]).toEqual([
    { kind: 'tell', to: 'a', message: { n: 1 }, seq: 0, inbox: 0 },
    { kind: 'tell', to: 'a', message: { n: 3 }, seq: 0, inbox: 0 },
  ]);
  expect(unencodable).toEqual([
    { kind: 'tell', to: 'a', message: { n: 2, fn: expect.any(Function) }, seq: 0, inbox: 0 },
  ]);
});
