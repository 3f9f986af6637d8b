/**
 * Overflow policies end to end: a held actor's mailbox fills; `reject` fails the
 * sender's tell/ask with MailboxFullError carrying the message; the drop policies drop
 * and report dead letters; nothing disappears without an event.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  type ActorSystem,
  createActorSystem,
  MailboxFullError,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import { Gate, type GateMsg } from '../../fixtures/gate.js';
import { until } from '../../helpers/until.js';

let system: ActorSystem;
/** The gates' release files' directories, removed after each test. */
const gateDirs: string[] = [];

afterEach(async () => {
  await system?.shutdown();
  await Promise.all(gateDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A gate held busy until `release()`, with three notes filling its mailbox. */
async function heldGate(overflow: 'reject' | 'drop-oldest' | 'drop-newest') {
  system = createActorSystem({ threads: 2 });
  const events: SystemEvent[] = [];
  system.subscribe((event) => events.push(event));
  const gate = await system.spawn(Gate, { mailbox: { capacity: 3, overflow } });
  const dir = await mkdtemp(join(tmpdir(), 'troupe-gate-'));
  gateDirs.push(dir);
  const releaseFile = join(dir, 'release');
  const hold = gate.ask({ type: 'hold-until', file: releaseFile } satisfies GateMsg, { timeoutMs: 30_000 });
  // The hold is being handled (it left the mailbox): three notes fill the mailbox.
  await until(async () => (await system.inspect()).children[0]?.status === 'busy');
  for (const n of [1, 2, 3]) await gate.tell({ type: 'note', n });
  const release = async () => {
    await writeFile(releaseFile, '');
    await hold;
  };
  return { gate, release, events };
}

it('reject: the awaited tell fails with MailboxFullError carrying the message, and an ask too', async () => {
  const { gate, release, events } = await heldGate('reject');
  const error = await gate.tell({ type: 'note', n: 4 }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailboxFullError);
  expect((error as MailboxFullError).undelivered).toEqual({ type: 'note', n: 4 });
  await expect(gate.ask({ type: 'notes' })).rejects.toBeInstanceOf(MailboxFullError);
  await release();
  expect(await gate.ask({ type: 'notes' })).toEqual([1, 2, 3]);
  await until(() => events.filter((e) => e.type === 'dead-letter').length === 2);
  const dead = events.filter((e) => e.type === 'dead-letter');
  expect(dead.map((e) => e.type === 'dead-letter' && e.reason)).toEqual(['mailbox-full', 'mailbox-full']);
});

it('drop-oldest: the oldest waiting message is dropped and reported', async () => {
  const { gate, release, events } = await heldGate('drop-oldest');
  await gate.tell({ type: 'note', n: 4 });
  await release();
  expect(await gate.ask({ type: 'notes' })).toEqual([2, 3, 4]);
  await until(() => events.some((e) => e.type === 'dead-letter'));
  expect(events.find((e) => e.type === 'dead-letter')).toMatchObject({
    reason: 'dropped-oldest',
    message: { type: 'note', n: 1 },
  });
});

it('drop-newest: the arriving message is dropped and reported', async () => {
  const { gate, release, events } = await heldGate('drop-newest');
  await gate.tell({ type: 'note', n: 4 });
  await release();
  expect(await gate.ask({ type: 'notes' })).toEqual([1, 2, 3]);
  await until(() => events.some((e) => e.type === 'dead-letter'));
  expect(events.find((e) => e.type === 'dead-letter')).toMatchObject({
    reason: 'dropped-newest',
    message: { type: 'note', n: 4 },
  });
});
