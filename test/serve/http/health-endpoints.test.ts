/**
 * The health endpoints with `fetch`: `/healthz`; `/readyz` ready with a downstream server
 * down (a config whose server crashes at start), that server reported apart with its reason;
 * `/health` and `/orchestration/health` in seed 000's shapes, counting the agents and the
 * collaboration session made over MCP; `/servers` and `/servers/{name}` (seed 004) from the
 * gateway's status, and an empty list without a gateway config.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { caller, freshDataDir, registerAgent, removeDataDirs } from '../../mcp/serve-client.js';
import { connectHttp, type RunningTroupe, startTroupe, stopTroupes } from './http-troupe.js';

afterEach(async () => {
  await stopTroupes();
  removeDataDirs();
});

const FIXTURE_SERVER = fileURLToPath(new URL('../../fixtures/gateway/fixture-server.js', import.meta.url));

const get = async (troupe: RunningTroupe, path: string) => {
  const response = await fetch(`${troupe.base}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

it('answers every health endpoint, ready with a downstream server down', async () => {
  const root = freshDataDir('http-health');
  const config = join(root, 'troupe.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      mcpServers: {
        good: { command: process.execPath, args: [FIXTURE_SERVER, '--name', 'good'] },
        broken: { command: process.execPath, args: [FIXTURE_SERVER, '--name', 'broken', '--crash-on-start'] },
      },
    }),
  );
  const troupe = await startTroupe({ dataDir: join(root, '.troupe'), args: ['--config', config] });

  expect(await get(troupe, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });

  // Ready, though `broken` is down: it is listed apart, with why.
  let ready = await get(troupe, '/readyz');
  const deadline = Date.now() + 20_000;
  const serverOf = (name: string) =>
    (ready.body.servers as { name: string; ready: boolean; reasons: string[] }[]).find(
      (s) => s.name === name,
    );
  while (
    (serverOf('good')?.ready !== true || (serverOf('broken')?.reasons.length ?? 0) === 0) &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    ready = await get(troupe, '/readyz');
  }
  expect(ready.status).toBe(200);
  expect(ready.body.ready).toBe(true);
  expect((ready.body.checks as { name: string; ok: boolean }[]).map((c) => [c.name, c.ok])).toEqual([
    ['store', true],
    ['threads', true],
    ['coordination', true],
  ]);
  expect(serverOf('good')).toMatchObject({ ready: true });
  expect(serverOf('broken')).toMatchObject({ ready: false });
  expect(serverOf('broken')?.reasons.join(' ')).not.toBe('');

  // Seed 004: every server, then one; an unknown name is 404.
  const servers = await get(troupe, '/servers');
  expect((servers.body.servers as { name: string }[]).map((s) => s.name).sort()).toEqual(['broken', 'good']);
  expect(await get(troupe, '/servers/good')).toMatchObject({
    status: 200,
    body: { name: 'good', transport: 'stdio' },
  });
  expect((await get(troupe, '/servers/nope')).status).toBe(404);

  // Seed 000: two agents and a session of both (the coordinator takes part too), made over MCP, counted.
  const { client } = await connectHttp(troupe);
  const call = caller(client);
  const register = (id: string) => registerAgent(client, id);
  const leadToken = await register('lead');
  await register('ada');
  const created = await call('create_collaboration_session', {
    title: 'ship it',
    agent_id: 'lead',
    agent_token: leadToken,
    participant_model_ids: ['ada'],
  });
  expect(created.error).toBeUndefined();
  await client.close();

  const orchestration = await get(troupe, '/orchestration/health');
  expect(orchestration.status).toBe(200);
  expect(orchestration.body).toMatchObject({
    orchestration_enabled: true,
    health: {
      orchestration_status: {
        active_agents: 2,
        mode: 'full',
        coordination_stats: { active_sessions: 1, total_participants: 2 },
      },
    },
    config: { orchestration_mode: 'full', gateway_enabled: true },
  });

  const health = await get(troupe, '/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({
    status: 'healthy',
    orchestration: {
      orchestration_enabled: true,
      services_available: { store: true, threads: true, coordination: true, gateway: true },
    },
  });
  expect(Number.isNaN(Date.parse((health.body.orchestration as { last_check: string }).last_check))).toBe(
    false,
  );
  expect((health.body.process as { heap_used_bytes: number }).heap_used_bytes).toBeGreaterThan(0);
  // A route that is not there, and a method the health routes do not take.
  expect((await get(troupe, '/nowhere')).status).toBe(404);
  expect((await fetch(`${troupe.base}/readyz`, { method: 'POST' })).status).toBe(405);
});

it('lists no servers without a gateway config', async () => {
  const troupe = await startTroupe();
  expect(await get(troupe, '/servers')).toEqual({ status: 200, body: { servers: [] } });
  const ready = await get(troupe, '/readyz');
  expect(ready).toMatchObject({ status: 200, body: { ready: true, servers: [] } });
});
