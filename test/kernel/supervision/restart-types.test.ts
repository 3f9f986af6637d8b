/**
 * Restart types: how a supervisor treats a child's exit. `permanent` is restarted after
 * any exit, a normal stop included; `transient` (the default) only after a failure;
 * `temporary` never — a failed temporary child is stopped and forgotten.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActorNotFoundError,
  type ActorRef,
  type ActorSystem,
  type RestartType,
} from '../../../src/kernel/index.js';
import { Recorder, type RecorderMsg } from '../../fixtures/recorder.js';
import { type TallyMsg, TallyTeam, type TeamMsg } from '../../fixtures/tally.js';
import { type EventLog, inspectNode, startSystem, until, untilLogged } from './harness.js';

let system: ActorSystem | undefined;

afterEach(async () => {
  await system?.shutdown();
  system = undefined;
});

interface Fixture {
  readonly system: ActorSystem;
  readonly events: EventLog;
  readonly recorder: ActorRef<RecorderMsg>;
  readonly team: ActorRef<TeamMsg>;
  readonly member: ActorRef<TallyMsg>;
  /** Resolves once every message sent to the member so far has been handled, and the team's decision made. */
  readonly settle: () => Promise<unknown>;
  /** The team's children, by id, as the supervision tree shows them now. */
  readonly children: () => Promise<string[]>;
}

/** A team with one member `m` of the given restart type, which has counted to 7. */
async function teamWithMember(restart: RestartType | undefined): Promise<Fixture> {
  // Immediate restarts (no backoff) and one attempt per message: a restart decision and
  // the restart itself happen inside the member's failing or stopping turn, so a later
  // ask to the team (same thread) is answered only after both.
  const started = startSystem({ supervision: { maxMessageAttempts: 1, backoff: { initialMs: 0 } } });
  system = started.system;
  const recorder = await system.spawn(Recorder, { id: 'recorder' });
  const team = await system.spawn(TallyTeam, {
    id: 'team',
    args: { members: [{ name: 'm', restart }], recorder },
  });
  await untilLogged(recorder, 2);
  const member = (await team.ask<ActorRef<TallyMsg>>({ type: 'member', name: 'm' })) as ActorRef<TallyMsg>;
  member.tell({ type: 'add', by: 7 });
  expect(await member.ask({ type: 'get' })).toBe(7);
  const current = system;
  return {
    system,
    events: started.events,
    recorder,
    team,
    member,
    settle: () => team.ask({ type: 'member', name: 'm' }),
    children: async () => ((await inspectNode(current, team.id))?.children ?? []).map((child) => child.id),
  };
}

describe('restart types', () => {
  it('restarts a permanent child after a normal stop', async () => {
    const { recorder, member, settle, children } = await teamWithMember('permanent');

    member.tell({ type: 'quit' });
    await settle();

    expect(await untilLogged(recorder, 4)).toEqual(['init:team', 'init:m', 'terminate:m:normal', 'init:m']);
    expect(await children()).toEqual([member.id]);
    expect(await member.ask({ type: 'get' })).toBe(0);
  });

  it('restarts a permanent child after a failure', async () => {
    const { recorder, member, settle, children } = await teamWithMember('permanent');

    member.tell({ type: 'fail' });
    await settle();

    expect(await untilLogged(recorder, 4)).toEqual(['init:team', 'init:m', 'terminate:m:restart', 'init:m']);
    expect(await children()).toEqual([member.id]);
    expect(await member.ask({ type: 'get' })).toBe(0);
  });

  it('does not restart a transient child after a normal stop', async () => {
    const { recorder, member, settle, children, events } = await teamWithMember('transient');

    member.tell({ type: 'quit' });
    await settle();

    expect(await untilLogged(recorder, 3)).toEqual(['init:team', 'init:m', 'terminate:m:normal']);
    expect(await children()).toEqual([]);
    expect(events.of('actor-stopped', member.id)).toMatchObject([{ reason: 'normal' }]);
    await expect(member.ask({ type: 'get' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      ActorNotFoundError,
    );
    expect(await recorder.ask({ type: 'lines' })).toHaveLength(3);
  });

  it('restarts a transient child after a failure', async () => {
    const { recorder, member, settle, children, events } = await teamWithMember('transient');

    member.tell({ type: 'fail' });
    await settle();

    expect(await untilLogged(recorder, 4)).toEqual(['init:team', 'init:m', 'terminate:m:restart', 'init:m']);
    expect(await children()).toEqual([member.id]);
    expect(events.of('actor-restarted', member.id)).toMatchObject([{ restarts: 1 }]);
    expect(await member.ask({ type: 'get' })).toBe(0);
  });

  it('treats a child spawned without a restart type as transient', async () => {
    const { recorder, member, settle, children } = await teamWithMember(undefined);

    member.tell({ type: 'quit' });
    await settle();

    expect(await untilLogged(recorder, 3)).toEqual(['init:team', 'init:m', 'terminate:m:normal']);
    expect(await children()).toEqual([]);
  });

  it('never restarts a temporary child: a failure stops it for good', async () => {
    const { recorder, member, settle, children, events } = await teamWithMember('temporary');

    member.tell({ type: 'fail' });
    await settle();

    expect(await untilLogged(recorder, 3)).toEqual(['init:team', 'init:m', 'terminate:m:failure']);
    await until(async () => (await children()).length === 0);
    expect(events.of('actor-restarted')).toEqual([]);
    await expect(member.ask({ type: 'get' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      ActorNotFoundError,
    );
    expect(await recorder.ask({ type: 'lines' })).toHaveLength(3);
  });

  it('never restarts a temporary child: a normal stop is final', async () => {
    const { recorder, member, settle, children, events } = await teamWithMember('temporary');

    member.tell({ type: 'quit' });
    await settle();

    expect(await untilLogged(recorder, 3)).toEqual(['init:team', 'init:m', 'terminate:m:normal']);
    expect(await children()).toEqual([]);
    expect(events.of('actor-restarted')).toEqual([]);
  });

  it('does not restart a permanent child that its supervisor stopped', async () => {
    const { recorder, team, member, settle, children } = await teamWithMember('permanent');

    team.tell({ type: 'dismiss', name: 'm' });
    await settle();

    expect(await untilLogged(recorder, 3)).toEqual(['init:team', 'init:m', 'terminate:m:shutdown']);
    await until(async () => (await children()).length === 0);
    expect(await team.ask({ type: 'member', name: 'm' })).not.toBeNull();
    await expect(member.ask({ type: 'get' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(
      ActorNotFoundError,
    );
    expect(await recorder.ask({ type: 'lines' })).toHaveLength(3);
  });
});
