/**
 * Messaging through the facade: a sent message is in the recipient's inbox once the send is
 * answered; the inbox reads urgent first, then oldest, in pages, with `since` and
 * `urgentOnly`; acknowledged and expired messages leave it (expiry frees room under the
 * cap); only the owner reads and acknowledges its inbox (the operator may peek); refusals
 * `unknown_agent` (nothing stored), `inbox_full` naming the recipient, `too_large` naming the
 * content; all of it kept across a restart; and the change watch hears of new mail and counts
 * the messages that expired unread.
 */
import { afterEach, expect, it } from 'vitest';
import type { AgentMsg } from '../../../../actors/coordination/agents/agent-messages.js';
import { ANONYMOUS } from '../../../../actors/coordination/caller.js';
import type { WatchAnswer, WatchTotals } from '../../../../actors/coordination/change-watch.js';
import { agentActorId } from '../../../../actors/coordination/ids.js';
import {
  acknowledgeMessage,
  fetchInbox,
  peekInbox,
  sendMessage,
} from '../../../../actors/coordination/messaging/api.js';
import { AgentsHarness, accepted, as } from '../../../fixtures/coordination/agents-harness.js';
import { sleep, until } from '../../../helpers/until.js';

let harness: AgentsHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const contents = (outcome: Parameters<typeof accepted>[0]) =>
  (accepted(outcome) as { items: { content: unknown }[] }).items.map((m) => m.content);

it('delivers urgent first then oldest, acknowledges, expires, pages, and keeps mail across a restart', async () => {
  harness = await AgentsHarness.open({ watch: true });
  const { domain } = harness;
  await harness.register('alice');
  await harness.register('bob');
  const send = (input: Parameters<typeof sendMessage>[2]) =>
    sendMessage(harness?.domain ?? domain, as('alice'), input);
  const first = accepted(await send({ recipientId: 'bob', content: 'first' }));
  expect(first).toMatchObject({
    from: 'alice',
    to: 'bob',
    content: 'first',
    urgent: false,
    correlationId: null,
    expiresAt: null,
  });
  await send({ recipientId: 'bob', content: 'soon gone', ttlS: 0.3 });
  const urgent = accepted(
    await send({ recipientId: 'bob', content: { alarm: true }, urgent: true, correlationId: 'c-1' }),
  );
  expect(urgent.correlationId).toBe('c-1');

  expect(contents(await fetchInbox(domain, as('bob')))).toEqual([{ alarm: true }, 'first', 'soon gone']);
  expect(contents(await fetchInbox(domain, as('bob'), { urgentOnly: true }))).toEqual([{ alarm: true }]);
  expect(contents(await fetchInbox(domain, as('bob'), { since: first.sentAt }))).not.toContain('first');
  const page = accepted(await fetchInbox(domain, as('bob'), { limit: 2 }));
  expect(page.items).toHaveLength(2);
  expect(contents(await fetchInbox(domain, as('bob'), { limit: 2, cursor: page.next_cursor ?? '' }))).toEqual(
    ['soon gone'],
  );

  await sleep(400);
  expect(contents(await fetchInbox(domain, as('bob')))).toEqual([{ alarm: true }, 'first']);

  expect(accepted(await acknowledgeMessage(domain, as('bob'), { messageId: urgent.id }))).toEqual({
    messageId: urgent.id,
  });
  expect(await acknowledgeMessage(domain, as('bob'), { messageId: urgent.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found', field: 'message_id' },
  });
  expect(contents(await fetchInbox(domain, as('bob')))).toEqual(['first']);

  await harness.restart();
  expect(contents(await fetchInbox(harness.domain, as('bob')))).toEqual(['first']);
  expect(accepted(await acknowledgeMessage(harness.domain, as('bob'), { messageId: first.id }))).toEqual({
    messageId: first.id,
  });
  expect(contents(await fetchInbox(harness.domain, as('bob')))).toEqual([]);
  expect(contents(await fetchInbox(harness.domain, as('alice')))).toEqual([]);
});

it('keeps inboxes private: only the owner fetches and acknowledges, the operator peeks', async () => {
  harness = await AgentsHarness.open();
  const { domain } = harness;
  await harness.register('alice');
  await harness.register('bob');
  const sent = accepted(await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'secret' }));
  expect(await fetchInbox(domain, as('alice'), { agentId: 'bob' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(await fetchInbox(domain, ANONYMOUS, { agentId: 'bob' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(await peekInbox(domain, as('alice'), { agentId: 'bob' })).toMatchObject({
    ok: false,
    error: { code: 'forbidden' },
  });
  expect(contents(await peekInbox(domain, { kind: 'operator' }, { agentId: 'bob' }))).toEqual(['secret']);
  expect(contents(await peekInbox(domain, as('bob'), { agentId: 'bob' }))).toEqual(['secret']);
  expect(await acknowledgeMessage(domain, as('alice'), { messageId: sent.id, agentId: 'bob' })).toMatchObject(
    {
      ok: false,
      error: { code: 'forbidden' },
    },
  );
  // Alice's own inbox does not have Bob's message.
  expect(await acknowledgeMessage(domain, as('alice'), { messageId: sent.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found' },
  });
  expect(await sendMessage(domain, ANONYMOUS, { recipientId: 'bob', content: 'x' })).toMatchObject({
    ok: false,
    error: { code: 'unauthorized' },
  });
  expect(contents(await peekInbox(domain, { kind: 'operator' }, { agentId: 'bob' }))).toEqual(['secret']);
});

it('refuses unknown recipients (storing nothing), full inboxes naming the recipient, and contents over the limit', async () => {
  harness = await AgentsHarness.open({ limits: { inboxMessages: 3, messageBytes: 64 } });
  const { domain, system } = harness;
  await harness.register('alice');
  await harness.register('bob');
  expect(await sendMessage(domain, as('alice'), { recipientId: 'nobody', content: 'hi' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent', field: 'recipient_id' },
  });
  expect(system.table('inbox').range({ prefix: ['nobody'] })).toEqual([]);
  expect(system.table('traffic').range({ prefix: ['alice'] })).toEqual([]);

  expect(
    await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'x'.repeat(100) }),
  ).toMatchObject({
    ok: false,
    error: { code: 'too_large', field: 'content' },
  });
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'short-lived', ttlS: 2 });
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'one' });
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'two' });
  const full = await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'three' });
  expect(full).toMatchObject({ ok: false, error: { code: 'inbox_full', field: 'recipient_id' } });
  expect(full.ok ? '' : full.error.message).toContain('"bob"');
  // The expired message leaves room (by the expiry timer, or at the latest when the inbox is full).
  // Its 2 s leave the three sends above time to fill the inbox before it expires, even under load.
  await sleep(2_100);
  expect(
    accepted(await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'three' })).content,
  ).toBe('three');
  expect(contents(await fetchInbox(domain, as('bob')))).toEqual(['one', 'two', 'three']);
});

it('keeps a notice from another domain actor, urgent, outside the traffic log', async () => {
  harness = await AgentsHarness.open();
  const { domain, system } = harness;
  await harness.register('bob');
  const notice: AgentMsg = { type: 'notice', from: 'lock-table', content: { freed: 'a.ts' }, cap: 10 };
  await system.refOf<AgentMsg>(agentActorId('bob')).tell(notice);
  await until(async () => accepted(await fetchInbox(domain, as('bob'))).items.length === 1);
  expect(accepted(await fetchInbox(domain, as('bob'))).items).toMatchObject([
    { from: 'lock-table', to: 'bob', urgent: true, content: { freed: 'a.ts' } },
  ]);
  expect(system.table('traffic').range()).toEqual([]);
});

it('tells the change watch of new mail, and of mail that expired unread', async () => {
  harness = await AgentsHarness.open({ watch: true });
  const { domain } = harness;
  const watch = harness.watch;
  if (!watch) throw new Error('no watch');
  await harness.register('alice');
  await harness.register('bob');
  const count = () =>
    watch.ask<WatchAnswer>({
      type: 'watch',
      watcherId: 'w',
      topic: 'inbox',
      key: 'bob',
      epoch: null,
      after: null,
    });
  const before = (await count()).count;
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'ping' });
  await until(async () => (await count()).count === before + 1);

  // It also counts the messages that expire unread.
  const expired = async () => (await watch.ask<WatchTotals>({ type: 'totals' })).messagesExpired;
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'kept' });
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'gone', ttlS: 0.1 });
  await sendMessage(domain, as('alice'), { recipientId: 'bob', content: 'gone too', ttlS: 0.1 });
  expect(await expired()).toBe(0);
  await until(async () => (await expired()) === 2);
  expect(contents(await fetchInbox(domain, as('bob')))).toEqual(['ping', 'kept']);
  await sleep(100);
  expect(await expired()).toBe(2);
});
