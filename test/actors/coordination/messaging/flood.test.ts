/**
 * The flood scenario of issue 10: `sends` `sendMessage` calls to one agent from several
 * senders, 256 in flight, durability `commit`, the watchdog on (its defaults), the domain as
 * `troupe serve` starts it, each phase a process of its own on one data directory
 * (`fixtures/coordination/flood-child.ts`), so every read after the first is a real restart.
 *
 *   flood   the inbox is never read: the first `cap` sends are acknowledged, every later one is
 *           refused `inbox_full` naming the recipient, nothing else fails; the paged inbox read
 *           holds exactly the acknowledged messages, each once, in the order they were answered
 *   read    a new process (the flood's shut down cleanly) finds the same inbox
 *   drain   acknowledging messages frees room: as many later sends are accepted, the rest refused;
 *           then the process kills itself (SIGKILL), its system still running
 *   read    a new process finds the inbox as the drain left it
 * and in every phase no thread is jammed or replaced, no actor fails or is suspended.
 *
 * `TROUPE_FLOOD_SENDS` (default 100,000) and `TROUPE_FLOOD_CAP` (default 10,000, the default
 * `inboxMessages`) size it; the figures (answers, time, load average) go to stderr. Times are
 * reported, never asserted:
 *   TROUPE_FLOOD_SENDS=100000 npx vitest run dist/test/actors/coordination/messaging/flood.test.js
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seqOfMessageId } from '../../../../actors/coordination/messaging/message.js';
import {
  type FloodReport,
  type InboxEntry,
  type PhaseRun,
  RECIPIENT,
  runFloodPhase,
  type SendAnswer,
  senderId,
} from '../../../fixtures/coordination/flood-run.js';

const SENDS = Number(process.env.TROUPE_FLOOD_SENDS ?? 100_000);
const CAP = Number(process.env.TROUPE_FLOOD_CAP ?? Math.min(10_000, Math.max(1, Math.floor(SENDS / 10))));
const IN_FLIGHT = 256;
const SENDERS = 8;
/** The drain acknowledges this many, then sends twice as many: half fit again. */
const FREED = Math.max(1, Math.floor(CAP / 10));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'troupe-flood-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Acknowledged = Extract<SendAnswer, { outcome: 'acknowledged' }>;
type Refused = Extract<SendAnswer, { outcome: 'refused' }>;

const isAcknowledged = (answer: SendAnswer): answer is Acknowledged => answer.outcome === 'acknowledged';
const isRefused = (answer: SendAnswer): answer is Refused => answer.outcome === 'refused';

/** Nothing went wrong in the runtime during a phase. */
function expectQuiet(report: FloodReport): void {
  expect(report.readError).toBeNull();
  expect(report.troubles).toEqual([]);
  expect(report.threadsReplaced).toBe(0);
  expect(report.suspended).toEqual([]);
  expect(report.storeSuspended).toBe(0);
  expect(report.inspectSuspended).toEqual([]);
}

/**
 * The sends of a phase: every one answered once; `accepted` acknowledged and the rest refused
 * `inbox_full` naming the recipient, every refusal after the last acknowledgement; nothing thrown.
 */
function expectAnswers(report: FloodReport, first: number, sends: number, accepted: number): Acknowledged[] {
  const { answers } = report;
  expect(answers.filter((answer) => answer.outcome === 'threw')).toEqual([]);
  expect(answers.map((answer) => answer.n).sort((a, b) => a - b)).toEqual(
    Array.from({ length: sends }, (_, i) => first + i),
  );
  const acknowledged = answers.filter(isAcknowledged);
  const refused = answers.filter(isRefused);
  expect(acknowledged.length + refused.length).toBe(sends);
  expect(acknowledged).toHaveLength(accepted);
  expect(new Set(acknowledged.map((answer) => answer.id)).size).toBe(accepted);
  const unexpected = refused.filter(
    (answer) =>
      answer.code !== 'inbox_full' ||
      answer.field !== 'recipient_id' ||
      !answer.message.includes(`"${RECIPIENT}"`),
  );
  expect(unexpected).toEqual([]);
  // Refused only once the inbox was full: no acknowledgement came after the first refusal.
  const firstRefusal = answers.findIndex(isRefused);
  if (firstRefusal >= 0) expect(answers.slice(firstRefusal).filter(isAcknowledged)).toEqual([]);
  return acknowledged;
}

/** The inbox holds exactly these messages, each once, in this order, their contents intact. */
function expectInbox(inbox: readonly InboxEntry[], expected: readonly { id: string; n: number }[]): void {
  expect(inbox.map((entry) => entry.id)).toEqual(expected.map((entry) => entry.id));
  expect(inbox.map((entry) => entry.n)).toEqual(expected.map((entry) => entry.n));
  expect(inbox.filter((entry) => entry.n === null || entry.from !== senderId(entry.n % SENDERS))).toEqual([]);
  // The read's order is the inbox's: oldest first (no message here is urgent).
  const seqs = inbox.map((entry) => seqOfMessageId(entry.id) ?? Number.NaN);
  expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number))).toBe(true);
}

function figures(name: string, run: PhaseRun): string {
  const { report } = run;
  const acknowledged = report.answers.filter(isAcknowledged).length;
  const refused = report.answers.filter(isRefused).length;
  const sends = report.answers.length;
  const rate = report.sendMs > 0 ? ` (${Math.round(sends / (report.sendMs / 1000))}/s)` : '';
  return (
    `${name}: ${sends} sends, ${acknowledged} acknowledged, ${refused} refused in ${(report.sendMs / 1000).toFixed(1)} s${rate}; ` +
    `inbox ${report.inbox.length} in ${report.pages} pages; process ${(run.wallMs / 1000).toFixed(1)} s; ` +
    `load ${report.loadAverage.toFixed(2)}; events ${JSON.stringify(report.eventCounts)}`
  );
}

it(`keeps every acknowledged message of ${SENDS} sends to one agent (cap ${CAP}) exactly once, across restarts`, async () => {
  const dataDir = join(root, 'data');
  const plan = { dataDir, cap: CAP };
  const started = performance.now();

  const flood = await runFloodPhase(root, 'flood', {
    ...plan,
    end: 'shutdown',
    phase: { kind: 'flood', sends: SENDS, senders: SENDERS, inFlight: IN_FLIGHT },
  });
  const accepted = Math.min(CAP, SENDS);
  const flooded = expectAnswers(flood.report, 0, SENDS, accepted);
  expectQuiet(flood.report);
  expectInbox(flood.report.inbox, flooded);

  const restarted = await runFloodPhase(root, 'read', { ...plan, end: 'shutdown', phase: { kind: 'read' } });
  expectQuiet(restarted.report);
  expectInbox(restarted.report.inbox, flooded);

  // This process is killed (SIGKILL) once it has read: commit mode keeps what it acknowledged.
  const drain = await runFloodPhase(root, 'drain', {
    ...plan,
    end: 'kill',
    phase: {
      kind: 'drain',
      acknowledge: FREED,
      sends: 2 * FREED,
      senders: SENDERS,
      inFlight: IN_FLIGHT,
      firstNumber: SENDS,
    },
  });
  const freed = flooded.slice(0, FREED);
  expect(drain.report.acknowledged).toEqual(freed.map(({ id }) => ({ id, outcome: 'acknowledged' })));
  const room = CAP - (accepted - FREED);
  const refilled = expectAnswers(drain.report, SENDS, 2 * FREED, Math.min(room, 2 * FREED));
  expectQuiet(drain.report);
  const drained = [...flooded.slice(FREED), ...refilled];
  expectInbox(drain.report.inbox, drained);

  const final = await runFloodPhase(root, 'final', { ...plan, end: 'shutdown', phase: { kind: 'read' } });
  expectQuiet(final.report);
  expectInbox(final.report.inbox, drained);

  process.stderr.write(
    `flood scenario, ${((performance.now() - started) / 1000).toFixed(1)} s in all:\n  ${[
      figures('flood', flood),
      figures('read after restart', restarted),
      figures('drain', drain),
      figures('read after restart', final),
    ].join('\n  ')}\n`,
  );
}, 900_000);
