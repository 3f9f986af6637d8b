/**
 * Tell receipts settle in order as the thread reports "delivered up to n": the ones it
 * named undelivered reject with its error, the rest resolve; a lost thread fails them all.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryReceipts } from '../../../src/kernel/main/delivery-receipts.js';

describe('DeliveryReceipts', () => {
  it('numbers receipts from 1 and settles those up to the reported sequence', async () => {
    const receipts = new DeliveryReceipts();
    const issued = [1, 2, 3].map((seq) => {
      expect(receipts.nextSeq).toBe(seq);
      return receipts.issue();
    });
    const full = new Error('mailbox full');
    receipts.noteUndelivered(2, full);

    receipts.settleUpTo(2);
    await expect(issued[0]).resolves.toBeUndefined();
    await expect(issued[1]).rejects.toBe(full);
    expect(issued[2]?.settledOutcome).toBeNull();

    receipts.settleUpTo(3);
    await expect(issued[2]).resolves.toBeUndefined();
  });

  it('fails every receipt still owed when the thread is lost', async () => {
    const receipts = new DeliveryReceipts();
    const settled = receipts.issue();
    receipts.settleUpTo(1);
    const owed = [receipts.issue(), receipts.issue()];
    const lost = new Error('worker crashed');

    receipts.failAll(lost);
    await expect(settled).resolves.toBeUndefined();
    for (const receipt of owed) await expect(receipt).rejects.toBe(lost);
  });
});
