/**
 * Supervision never deletes data. A durable top-level actor that fails past its restart
 * intensity is suspended: kept in the store with its state and inbox, `actor-suspended`
 * published and kept as an incident, listed by `system.suspended()`; tells to it (from the
 * main thread and from durable actors) are acknowledged and wait, an ask fails at once with
 * `ActorSuspendedError`, and it stays suspended across a restart. It resumes after its backoff
 * on the injected clock, or at once by `system.resume(id)`, and handles what waited — the
 * failing message first, quarantined if it keeps failing (its attempts were kept). Only an
 * explicit stop removes it; an actor that is not durable is stopped as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ActorSuspendedError,
  type ActorSystem,
  createActorSystem,
  createManualClock,
  type ManualClock,
  type SystemEvent,
} from '../../../src/kernel/index.js';
import {
  Guardian,
  Ledger,
  type LedgerMsg,
  type LedgerState,
  Scratch,
} from '../../fixtures/durable/ledger.js';
import { until } from '../../helpers/until.js';

const T0 = Date.UTC(2030, 0, 1);

let dataDir: string;
let clock: ManualClock;
let system: ActorSystem | undefined;
let events: SystemEvent[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-suspension-'));
  clock = createManualClock(T0);
});
afterEach(async () => {
  await system?.shutdown();
  system = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** One restart allowed per minute; a message is quarantined at its third failure. */
function open(maxMessageAttempts = 3): ActorSystem {
  system = createActorSystem({
    threads: 2,
    dataDir,
    clock,
    supervision: { intensity: 1, periodMs: 60_000, maxMessageAttempts },
  });
  events = [];
  system.subscribe((event) => events.push(event));
  return system;
}

const ofType = <T extends SystemEvent['type']>(type: T) =>
  events.filter((event): event is Extract<SystemEvent, { type: T }> => event.type === type);

/** Spawn a ledger that applied `before`, then make it fail twice: past intensity 1. */
async function suspendLedger(sys: ActorSystem, id = 'ledger') {
  const ledger = await sys.spawn(Ledger, { id });
  await ledger.tell({ type: 'add', id: 'before', by: 1 });
  await ledger.tell({ type: 'boom' });
  await until(() => ofType('actor-suspended').some((event) => event.id === id));
  return ledger;
}

describe('a durable actor past its restart intensity', () => {
  it('is suspended, kept, and waits; it resumes after its backoff and handles what waited', async () => {
    let sys = open();
    const ledger = await suspendLedger(sys);

    expect(ofType('actor-suspended')).toMatchObject([
      { id: 'ledger', since: T0, resumeAt: T0 + 30_000, failures: 2, reason: { message: 'boom' } },
    ]);
    expect(sys.suspended()).toMatchObject([
      { id: 'ledger', since: T0, resumeAt: T0 + 30_000, failures: 2, reason: { message: 'boom' } },
    ]);
    expect((await sys.inspect()).incidents.map((incident) => incident.type)).toContain('actor-suspended');
    expect(ofType('actor-stopped')).toEqual([]);
    expect(sys.readStored('ledger')?.state).toMatchObject({ applied: ['before'] });

    // Tells from the main thread and from another durable actor are acknowledged and wait.
    await ledger.tell({ type: 'add', id: 'while-suspended', by: 2 });
    const friend = await sys.spawn(Ledger, { id: 'friend' });
    await friend.tell({ type: 'forward', id: 'forwarded', by: 3, to: ledger });
    await friend.ask({ type: 'report' });
    // An ask fails at once.
    const refused = await ledger.ask({ type: 'report' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ActorSuspendedError);
    expect(refused).toMatchObject({ code: 'actor_suspended', actorId: 'ledger', resumeAt: T0 + 30_000 });
    expect((await sys.inspect()).children.map((node) => node.id)).toEqual(['friend']);

    // Still suspended after a restart of the system.
    await sys.shutdown();
    sys = open();
    expect(sys.suspended().map((actor) => actor.id)).toEqual(['ledger']);
    await expect(sys.refOf('ledger').ask({ type: 'report' })).rejects.toBeInstanceOf(ActorSuspendedError);

    // The backoff is read on the injected clock.
    clock.advance(30_000);
    await until(() => ofType('actor-resumed').length === 1, 5_000);
    expect(ofType('actor-resumed')).toMatchObject([{ id: 'ledger', by: 'backoff' }]);
    const report = await sys.refOf<LedgerMsg>('ledger').ask<LedgerState>({ type: 'report' });
    expect(report.applied).toEqual(['before', 'while-suspended', 'forwarded']);
    // The failing message was tried a third time, then set aside.
    expect(sys.deadLetters().list('ledger')).toMatchObject([{ message: { type: 'boom' }, attempts: 3 }]);
    expect(sys.suspended()).toEqual([]);
    expect((await sys.stats()).store?.suspended).toBe(0);
  });

  it('resumes at once by system.resume, and a suspension soon after doubles the backoff', async () => {
    const sys = open(10);
    await suspendLedger(sys);
    expect(await sys.resume('nobody')).toBe(false);

    expect(await sys.resume('ledger')).toBe(true);

    // The boom is retried, fails twice more, and the ledger is suspended again.
    await until(() => ofType('actor-suspended').length === 2);
    expect(ofType('actor-resumed')).toMatchObject([{ id: 'ledger', by: 'operator' }]);
    expect(sys.suspended()).toMatchObject([{ id: 'ledger', resumeAt: T0 + 60_000 }]);
  });

  it('is removed by an explicit stop, with its suspension', async () => {
    const sys = open();
    const ledger = await suspendLedger(sys);

    await sys.stop(ledger);

    expect(sys.suspended()).toEqual([]);
    expect(sys.readStored('ledger')).toBeUndefined();
    expect(ofType('actor-stopped')).toMatchObject([{ id: 'ledger', reason: 'shutdown' }]);
  });

  it('is suspended when its durable children fail past its own intensity; the subtree stays in the store', async () => {
    const sys = open(10);
    const guardian = await sys.spawn(Guardian, { id: 'guardian', supervision: { intensity: 1 } });
    await guardian.ask({ type: 'spawn', names: ['kid'] });
    const kid = sys.refOf<LedgerMsg>('kid');
    await kid.tell({ type: 'add', id: 'kept', by: 1 });
    // Two failures are past the guardian's intensity; it fails, and the root (intensity 1 per
    // minute) restarts it, and the kid with it, which takes up its stored boom again (up to 10
    // attempts): two more failures, and the root suspends the guardian at its second failure.
    await kid.tell({ type: 'boom' });
    await until(() => ofType('actor-suspended').length === 1, 20_000);
    expect(ofType('reached-max-restart-intensity').length).toBeGreaterThanOrEqual(2);

    expect(sys.suspended().map((actor) => actor.id)).toEqual(['guardian']);
    expect(sys.readStored('guardian')).toBeDefined();
    expect(sys.readStored('kid')?.state).toMatchObject({ applied: ['kept'] });
    expect(ofType('actor-stopped')).toEqual([]);
    // The kid may have been brought in by its mail before its spawn reached its thread: it is
    // the same actor, not a duplicate, and its guardian kept it.
    expect(ofType('spawn-failed')).toEqual([]);
  });
});

it('stops an actor that is not durable past its intensity, as before', async () => {
  const sys = open();
  const scratch = await sys.spawn(Scratch, { id: 'scratch' });
  await scratch.tell({ type: 'boom' });
  await until(() => ofType('actor-stopped').length === 1);

  expect(ofType('actor-stopped')).toMatchObject([
    { id: 'scratch', reason: { failure: 'reached max restart intensity' } },
  ]);
  expect(sys.suspended()).toEqual([]);
});
