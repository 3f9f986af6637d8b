/**
 * Tenants in the domain (`actors/coordination/tenancy.ts`), through the embedding API on a
 * real system: lock keys are namespaced per tenant (two tenants hold one path at once, each
 * lists and checks its own), a tenant's holder that deregisters has its lease ended by its
 * lock actor (the departure push finds the lock by the id in its index key, not the path), and
 * a task, a session and their lists are seen only from their tenant — the default tenant's
 * (no grant: made without access control) included — while the operator sees every tenant's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessGrant } from '../../../actors/coordination/agents/agent-access.js';
import { deregisterAgent, findAgents, registerAgent } from '../../../actors/coordination/agents/api.js';
import { type AgentsDomain, startAgents } from '../../../actors/coordination/agents/domain.js';
import { ANONYMOUS, agentCaller, anonymousIn, type Caller } from '../../../actors/coordination/caller.js';
import { ChangeWatch } from '../../../actors/coordination/change-watch.js';
import {
  acquireFileLock,
  checkFileLock,
  listFileLocks,
  releaseFileLock,
} from '../../../actors/coordination/locks/api.js';
import { LEASES_TABLE } from '../../../actors/coordination/locks/lease.js';
import { createSession, getSession, listSessions } from '../../../actors/coordination/sessions/api.js';
import { createTask, getTask, listTasks } from '../../../actors/coordination/tasks/api.js';
import { tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import { type ActorSystem, createActorSystem, type Outcome } from '../../../src/kernel/index.js';

const OPERATOR: Caller = { kind: 'operator' };
let dataDir: string;
let system: ActorSystem;
let domain: AgentsDomain;

const grantIn = (tenantId: string | null): AccessGrant => ({ roles: [], tenantId, tokenTtlMs: null });

function settledValue<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

async function register(id: string, tenantId: string | null): Promise<void> {
  const input = { id, name: id, role: 'worker', modelType: 'llm', modelVersion: '1', capabilities: [] };
  settledValue(
    await registerAgent(domain, ANONYMOUS, input, tenantId === null ? undefined : grantIn(tenantId)),
  );
}

const fresh = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'troupe-tenancy-'));
  system = createActorSystem({ threads: 1, dataDir });
  const watch = await system.spawn(ChangeWatch, { id: 'change-watch' });
  domain = await startAgents(system, { watch });
  await register('ann', 't1');
  await register('amy', 't1');
  await register('bob', 't2');
  await register('bea', 't2');
  await register('old', null);
}, 30_000);

afterAll(async () => {
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

it('namespaces lock keys per tenant, and ends a departed holder’s lease in its own tenant', async () => {
  const [ann, bob, old] = ['ann', 'bob', 'old'].map(agentCaller) as [Caller, Caller, Caller];
  for (const caller of [ann, bob, old])
    settledValue(await acquireFileLock(system, caller, { filePath: 'src/a.ts', ttlS: 300, waitS: 0 }));
  await fresh();
  const holders = (caller: Caller) =>
    settledValue(listFileLocks(system, {}, caller)).items.map((l) => l.holder);
  expect(holders(ann)).toEqual(['ann']);
  expect(holders(agentCaller('bea'))).toEqual(['bob']);
  expect(holders(old)).toEqual(['old']);
  expect(holders(OPERATOR).sort()).toEqual(['ann', 'bob', 'old']);
  expect(
    settledValue(checkFileLock(system, { filePath: 'src/./a.ts' }, agentCaller('bea'))).lease?.holder,
  ).toBe('bob');
  // Amy's tenant holds the path through ann: amy may not release it, bob's is out of her reach.
  expect(await releaseFileLock(system, agentCaller('amy'), { filePath: 'src/a.ts' })).toMatchObject({
    ok: false,
    error: { code: 'not_holder' },
  });

  // Bob deregisters: the departure push reaches his tenant's lock actor, which removes the lease row.
  settledValue(await deregisterAgent(domain, bob, { agentId: 'bob' }));
  const leaseRows = () => system.table(LEASES_TABLE).range({}).length;
  for (let tries = 0; tries < 100 && leaseRows() > 2; tries++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(leaseRows()).toBe(2);
  expect(holders(OPERATOR).sort()).toEqual(['ann', 'old']);
  settledValue(
    await acquireFileLock(system, agentCaller('bea'), { filePath: 'src/a.ts', ttlS: 60, waitS: 0 }),
  );
  await fresh();
  expect(holders(agentCaller('bea'))).toEqual(['bea']);
}, 30_000);

it('shows tasks, sessions and agents only to their tenant; another tenant’s id is not found', async () => {
  const ann = agentCaller('ann');
  const bea = agentCaller('bea');
  const old = agentCaller('old');
  const task = settledValue(await createTask(system, ann, { description: 't1 work', id: 'tenancy-task' }));
  const legacy = settledValue(
    await createTask(system, old, { description: 'default work', id: 'legacy-task' }),
  );
  const session = settledValue(
    await createSession(system, ann, { title: 't1 talk', participantIds: ['amy'] }),
  );
  await fresh();
  expect(task.tenantId).toBe('t1');
  expect(legacy.tenantId).toBeUndefined();
  expect(await getTask(system, bea, { taskId: task.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found' },
  });
  expect(await getTask(system, ann, { taskId: legacy.id })).toMatchObject({
    ok: false,
    error: { code: 'not_found' },
  });
  expect(settledValue(await getTask(system, old, { taskId: legacy.id })).id).toBe(legacy.id);
  // An anonymous caller is in the tenant the adapter gives it (an attached auth context's).
  expect(settledValue(await getTask(system, anonymousIn('t1'), { taskId: task.id })).id).toBe(task.id);
  const taskIds = async (caller: Caller) =>
    settledValue(await listTasks(system, caller)).items.map((t) => t.id);
  expect(await taskIds(ann)).toEqual(['tenancy-task']);
  expect(await taskIds(bea)).toEqual([]);
  expect(await taskIds(old)).toEqual(['legacy-task']);
  expect((await taskIds(OPERATOR)).sort()).toEqual(['legacy-task', 'tenancy-task']);

  expect(await getSession(system, bea, { sessionId: session.id })).toMatchObject({
    ok: false,
    error: { code: 'unknown_session' },
  });
  expect(settledValue(await listSessions(system, bea)).items).toEqual([]);
  expect(settledValue(await listSessions(system, ann)).items.map((s) => s.id)).toEqual([session.id]);
  // Inviting another tenant's agent: it is not registered, as far as t1 can tell.
  expect(await createSession(system, ann, { title: 'x', participantIds: ['bea'] })).toMatchObject({
    ok: false,
    error: { code: 'unknown_agent' },
  });

  const agentIds = async (caller: Caller) =>
    settledValue(await findAgents(domain, {}, undefined, tenantScopeOf(system, caller))).items.map(
      (a) => a.id,
    );
  expect(await agentIds(ann)).toEqual(['amy', 'ann']);
  expect(await agentIds(old)).toEqual(['old']);
  expect(await agentIds(OPERATOR)).toEqual(expect.arrayContaining(['amy', 'ann', 'bea', 'old']));
}, 30_000);
