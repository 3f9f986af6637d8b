/**
 * Flood control in the kernel: a mailbox `rate` refuses (`reject`) or holds in order
 * (`delay`) what comes faster than allowed; a kind's `sendRate` refuses tells at the call.
 */
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  createManualClock,
  RateLimitedError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Chatter } from '../../fixtures/chatter.js';
import { Gate } from '../../fixtures/gate.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.shutdown();
});

it('reject: beyond the burst, tells are refused with RateLimitedError and reported', async () => {
  // A manual clock: the bucket refills only when the test says time passed, however busy the machine.
  const clock = createManualClock(1_000_000);
  system = createActorSystem({ threads: 1, clock });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const gate = await system.spawn(Gate, { mailbox: { rate: { perSecond: 10, burst: 3, policy: 'reject' } } });
  for (const n of [1, 2, 3]) await gate.tell({ type: 'note', n });
  const refused = await gate.tell({ type: 'note', n: 4 }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(RateLimitedError);
  expect((refused as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
  await until(() => events.some((e) => e.type === 'dead-letter' && e.reason === 'rate-limited'));
  // The bucket refills: a tenth of a second later one more gets through.
  clock.advance(100);
  await gate.tell({ type: 'note', n: 5 });
  // An ask is a message too: it waits for its own token.
  clock.advance(100);
  expect(await gate.ask({ type: 'notes' })).toEqual([1, 2, 3, 5]);
});

it('delay: beyond the burst, messages wait their turn, in order, none lost', async () => {
  system = createActorSystem({ threads: 1 });
  const gate = await system.spawn(Gate, { mailbox: { rate: { perSecond: 20, burst: 2, policy: 'delay' } } });
  const started = Date.now();
  for (let n = 0; n < 8; n++) gate.tell({ type: 'note', n });
  await until(async () => (await gate.ask<number[]>({ type: 'notes' }).catch(() => [])).length === 8);
  // 2 at once, then 6 more at 20 per second: about 300 ms.
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(await gate.ask({ type: 'notes' })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
});

it('sendRate: a kind that tells too often is refused at ctx.tell', async () => {
  system = createActorSystem({ threads: 1 });
  const gate = await system.spawn(Gate, {});
  const chatter = await system.spawn(Chatter, {});
  expect(await chatter.ask({ type: 'chat', to: gate as never, count: 8 })).toBe(
    'sent 5, then RateLimitedError',
  );
});
