/**
 * The gateway's server actors started one after another, and the parts of a call the
 * other gateway tests leave out, against the fixture server in a real runtime: with
 * `waitForServers: false` the first server's tools answer while the next one has not been
 * started yet (a stagger apart); a call by capability goes to a server that names it (in
 * `capabilities` or `tags`), in turns among several; every answer says how it was got
 * (server, group, tool, attempts, cache, duration); a server's `timeout_ms`,
 * `max_concurrency` and `idle_shutdown_s` hold through its actor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { startGateway } from '../../../actors/gateway/embedding/start-gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { listGroupMembers } from '../../../actors/gateway/process/process-group.js';
import { type ActorSystem, createActorSystem, InvalidArgumentError } from '../../../src/kernel/index.js';
import { until } from '../../helpers/until.js';
import { FIXTURE, textOf } from './servers.js';

const node = process.execPath;
/** Long enough that the first server is up well before the second is started, even on a loaded machine. */
const STAGGER_MS = 5_000;
let system: ActorSystem;
let gateway: Gateway;
let startedAt = 0;

beforeAll(async () => {
  system = createActorSystem({ threads: 2 });
  startedAt = Date.now();
  gateway = await startGateway(
    system,
    {
      mcpServers: {
        first: {
          command: node,
          args: [FIXTURE, '--name', 'first'],
          capabilities: ['greeting'],
          timeout_ms: 400,
          max_concurrency: 1,
        },
        second: {
          command: node,
          args: [FIXTURE, '--name', 'second'],
          tags: ['greeting'],
          idle_shutdown_s: 0.5,
        },
      },
    },
    { graceMs: 300, waitForServers: false, startStaggerMs: STAGGER_MS },
  );
});
afterAll(async () => {
  await gateway?.stop();
  await system?.shutdown();
});

async function statusOf(server: string) {
  const status = (await gateway.servers()).find(({ name }) => name === server);
  if (!status) throw new Error(`no status for ${server}`);
  return status;
}

describe('a staggered start', () => {
  it('serves the first server’s tools while the next one waits its turn to start', async () => {
    // Asked before anything is listed: the call waits for its server's start.
    const early = await gateway.route('first', 'echo', { message: 'early' });
    expect(textOf(early.result)).toBe('first: early');
    const names = (await gateway.listTools()).map(({ name }) => name);
    expect(names).toContain('first__echo');
    expect(names).not.toContain('second__echo');
    const waiting = await statusOf('second');
    expect(waiting.state).toBe('starting');
    expect(waiting.pgid).toBeUndefined();

    await gateway.settled();
    const second = await statusOf('second');
    expect(second.state).toBe('running');
    expect(second.since).toBeGreaterThanOrEqual(startedAt + STAGGER_MS);
    expect((await gateway.listTools()).map(({ name }) => name)).toContain('second__echo');
  });
});

describe('calls', () => {
  it('routes by capability among the servers that name it, in turns, and says how each answer was got', async () => {
    const calls = [];
    for (const message of ['a', 'b', 'c', 'd']) {
      calls.push(await gateway.routeByCapability('greeting', 'echo', { message }));
    }
    for (const call of calls) {
      expect(textOf(call.result)).toBe(`${call.server}: ${['a', 'b', 'c', 'd'][calls.indexOf(call)]}`);
      expect(call).toMatchObject({ group: call.server, tool: 'echo', cached: false });
      expect(call.attempts).toEqual([{ server: call.server, round: 1 }]);
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(calls.map(({ server }) => server))).toEqual(new Set(['first', 'second']));
    await expect(gateway.routeByCapability('translation', 'echo', {})).rejects.toMatchObject({
      code: 'tool_not_found',
      message: 'no server has the capability "translation"',
    });
    await expect(gateway.routeByCapability('greeting', 'translate', {})).rejects.toMatchObject({
      code: 'tool_not_found',
    });
    await expect(gateway.routeByCapability('', 'echo')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('holds a server’s timeout_ms and max_concurrency in its actor', async () => {
    const hung = await gateway.route('first', 'hang', {}).catch((error: unknown) => error);
    expect(hung).toBeInstanceOf(GatewayError);
    expect((hung as GatewayError).code).toBe('call_timeout');
    // One slot: the second call waits at the door while the first runs.
    const slow = [1, 2].map(() => gateway.route('first', 'slow', { ms: 300 }, { timeoutMs: 5_000 }));
    await until(async () => {
      const { callsInFlight, callsWaiting } = await statusOf('first');
      return callsInFlight === 1 && callsWaiting === 1;
    });
    for (const call of await Promise.all(slow)) expect(textOf(call.result)).toBe('first: slept 300');
  });

  it('rests a server after idle_shutdown_s without calls, and starts it again on the next one', async () => {
    await until(async () => (await statusOf('second')).state === 'idle', 10_000);
    const rested = await statusOf('second');
    expect(rested.pgid).toBeUndefined();
    const again = await gateway.route('second', 'echo', { message: 'awake' });
    expect(textOf(again.result)).toBe('second: awake');
    const { pgid } = await statusOf('second');
    expect(pgid).toBeDefined();
    expect(listGroupMembers(pgid ?? 0)?.length ?? 0).toBeGreaterThan(0);
  });
});
