/**
 * The generated access test (issue 17, acceptance item 1): every tool `tools/list` gives, on
 * one `troupe serve --config <policy>`, tried as
 *
 * - no identity (a session that proved nothing)                       → `unauthorized`
 * - another agent's identity (its id without its token)               → `unauthorized`
 * - an expired token (`token_expired`), a revoked one (`token_revoked`) → `unauthorized`
 * - a role without the permission                                     → `forbidden`
 * - another tenant (an agent, session, task or run of tenant t2 named from tenant t1)
 *                                   → as for an id that does not exist (`unknown_agent`, …)
 *
 * and every refusal is then found in the audit log (`get_audit_events`), while an agent whose
 * role allows everything is refused by no tool for want of identity or permission. One serve
 * process; its sessions are HTTP ones (a stdio process serves one MCP session, and the cases
 * need several identities at once). The arguments come from each tool's input schema and the
 * identity sweep's rules (which arguments name the calling agent, which are left out).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectHttp, type RunningTroupe, startTroupe, stopTroupes } from '../../serve/http/http-troupe.js';
import { TOOL_RULES, type ToolRule } from '../identity-sweep/rules.js';
import { type JsonSchema, sampleOf } from '../schema-sample.js';
import { caller, freshDataDir, removeDataDirs, type Structured } from '../serve-client.js';

const ADMIN = 'operator-token-for-the-access-matrix';
const POLICY = {
  roles: {
    coder: { allow: ['*'] },
    observer: { allow: ['health', 'check_permission'], deny: ['locks:*'] },
  },
  default_role: 'coder',
  token_ttl: '1h',
  audit_retention: '30d',
};
/** Rules of the access tools, which the identity sweep (run without access config) never lists. */
const ACCESS_RULES = new Map<string, ToolRule>([
  ['rotate_agent_token', { access: 'caller' }],
  ['authenticate_operator', { access: 'public', with: { admin_token: 'not-the-operator-token' } }],
]);
/** The observer role's own permissions: the one case where a tool is allowed to it. */
const OBSERVER_ALLOWS = new Set(POLICY.roles.observer.allow);

/** A workflow whose run waits for a signal: tenant t2's run stays open while t1 reaches for it. */
const GATED = { name: 'Gated', version: '1', steps: [{ name: 'go', wait: { signal: 'go' } }] };
/** Answers only an existing record yields: never given to another tenant, whose records do not exist for it. */
const REVEALING = new Set([
  'forbidden',
  'not_participant',
  'not_assignee',
  'version_conflict',
  'closed',
  'invalid_transition',
]);

/** Tools on workflow definitions: shared by every tenant (a definition's first author alone changes it). */
const SHARED_TEMPLATES = new Set(['define_workflow', 'archive_workflow']);
/** Tools that would end alpha's registration or token, which the other-tenant cases need to the end. */
const ENDS_ALPHA = new Set(['deregister_agent', 'rotate_agent_token']);

/** Tools alice's allowed case leaves out: the operator's own, and her deregistration (tried last). */
const NOT_ALICES = new Set(['set_policy', 'revoke_agent_token', 'attach_auth_context', 'deregister_agent']);

type Call = (name: string, args: Record<string, unknown>) => Promise<Structured>;

let troupe: RunningTroupe;
let tools: Tool[];
const clients: Client[] = [];

async function session(): Promise<{ call: Call; client: Client }> {
  const { client } = await connectHttp(troupe);
  clients.push(client);
  return { client, call: caller(client) };
}

async function operator(): Promise<Call> {
  const { call } = await session();
  expect((await call('authenticate_operator', { admin_token: ADMIN })).operator).toBe(true);
  return call;
}

async function register(call: Call, id: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await call('register_agent', {
    id,
    name: id,
    role: 'worker',
    model_type: 'llm',
    model_version: '1',
    capabilities: [],
    ...extra,
  });
  expect(answer.error).toBeUndefined();
  return answer.agent_token as string;
}

function ruleOf(tool: Tool): ToolRule {
  const rule = TOOL_RULES.get(tool.name) ?? ACCESS_RULES.get(tool.name);
  if (rule) return rule;
  // A tool no rule names: it acts for an agent when it takes one's token.
  return { access: tool.inputSchema.properties?.agent_token ? 'caller' : 'public' };
}

/** Arguments for `tool` acting as `agentId` (its caller fields), naming `other` in its other agent fields. */
function argumentsOf(
  tool: Tool,
  agentId: string,
  options: { token?: string; other?: string; records?: ReadonlyMap<string, string> } = {},
) {
  const rule = ruleOf(tool);
  const args = sampleOf(tool.inputSchema as JsonSchema, 'text') as Record<string, unknown>;
  for (const field of rule.skip ?? []) delete args[field];
  Object.assign(args, rule.with ?? {});
  const callerFields = rule.access === 'caller' ? (rule.as ?? ['agent_id']) : [];
  for (const field of callerFields) args[field] = agentId;
  if (options.token !== undefined && rule.access === 'caller') args.agent_token = options.token;
  if (options.other !== undefined)
    for (const field of Object.keys(tool.inputSchema.properties ?? {}))
      if (!callerFields.includes(field) && (field.endsWith('agent_id') || field === 'recipient_id'))
        args[field] = options.other;
  for (const [field, id] of options.records ?? [])
    if (field in (tool.inputSchema.properties ?? {}) && !(rule.skip ?? []).includes(field)) args[field] = id;
  return args;
}

/** The arguments without the schema sample's `agent_token`: t1's session proved alpha when it registered it. */
function withoutSampleToken(args: Record<string, unknown>): Record<string, unknown> {
  const { agent_token: _sample, ...rest } = args;
  return rest;
}

/** The record fields of a tool (a session, task or run id) among `records`' fields. */
function namesARecord(tool: Tool, records: ReadonlyMap<string, string>): boolean {
  const skipped = ruleOf(tool).skip ?? [];
  return Object.keys(tool.inputSchema.properties ?? {}).some(
    (field) => records.has(field) && !skipped.includes(field),
  );
}

/** The tools that name an agent besides the caller: the ones a tenant could reach across. */
function namesAnotherAgent(tool: Tool): boolean {
  const callerFields = ruleOf(tool).access === 'caller' ? (ruleOf(tool).as ?? ['agent_id']) : [];
  return Object.keys(tool.inputSchema.properties ?? {}).some(
    (field) =>
      !callerFields.includes(field) &&
      (ruleOf(tool).skip ?? []).includes(field) === false &&
      ((field.endsWith('agent_id') && field !== 'agent_id') || field === 'recipient_id'),
  );
}

const refusals = new Map<string, number>();
function expectRefused(
  tool: string,
  answer: Structured,
  code: string | readonly string[],
  why: string,
): void {
  const codes = typeof code === 'string' ? [code] : code;
  expect(codes, `${tool} ${why}: ${JSON.stringify(answer.error ?? answer).slice(0, 300)}`).toContain(
    answer.error?.code,
  );
  refusals.set(tool, (refusals.get(tool) ?? 0) + 1);
}

let config = '';

beforeAll(async () => {
  const dataDir = freshDataDir('authz');
  config = join(dataDir, '..', `${dataDir.split('/').pop()}-policy.json`);
  writeFileSync(config, JSON.stringify(POLICY));
  troupe = await startTroupe({ args: ['--config', config], env: { TROUPE_ADMIN_TOKEN: ADMIN } });
  const { client } = await session();
  tools = (await client.listTools()).tools;
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await stopTroupes();
  removeDataDirs();
  if (config) rmSync(config, { force: true });
});

it('refuses every tool to each identity that may not use it, audits each refusal, and lets the allowed one through', async () => {
  expect(tools.length).toBeGreaterThan(40);
  const admin = await operator();
  // The agents of the cases, registered by the operator (it hands out the tokens).
  const aliceToken = await register(admin, 'alice');
  await register(admin, 'mallory');
  const limitedToken = await register(admin, 'limited', { roles: ['observer'] });
  const expiringToken = await register(admin, 'expiring');
  const revokedToken = await register(admin, 'revoked');

  // Sessions that prove their agent now, while its token works.
  const asAlice = (await session()).call;
  const asMallory = (await session()).call;
  const asLimited = (await session()).call;
  const asExpiring = (await session()).call;
  const asRevoked = (await session()).call;
  const mallory = await admin('rotate_agent_token', { agent_id: 'mallory' });
  expect((await asAlice('heartbeat', { agent_id: 'alice', agent_token: aliceToken })).error).toBeUndefined();
  expect(
    (await asMallory('heartbeat', { agent_id: 'mallory', agent_token: mallory.agent_token })).error,
  ).toBeUndefined();
  // A forbidden call still proves the token: the session acts for the agent from then on.
  expect((await asLimited('heartbeat', { agent_id: 'limited', agent_token: limitedToken })).error?.code).toBe(
    'forbidden',
  );
  expect((await asLimited('check_permission', { agent_id: 'limited', action: 'health' })).allowed).toBe(true);
  const denied = await asLimited('check_permission', { agent_id: 'limited', action: 'acquire_lock' });
  expect(denied).toMatchObject({ allowed: false, missing: 'acquire_lock', roles: ['observer'] });
  expect(
    (await asRevoked('heartbeat', { agent_id: 'revoked', agent_token: revokedToken })).error,
  ).toBeUndefined();
  const shortLived = await admin('rotate_agent_token', { agent_id: 'expiring', ttl_s: 0.3 });
  expect(shortLived.error).toBeUndefined();
  expect(
    (await asExpiring('heartbeat', { agent_id: 'expiring', agent_token: shortLived.agent_token })).error,
  ).toBeUndefined();
  expect((await admin('revoke_agent_token', { agent_id: 'revoked' })).revoked).toBe(true);
  void expiringToken;

  // Two tenants: each session acts as a user of its tenant and registers its agent there.
  const t1 = await operator();
  expect(
    (await t1('attach_auth_context', { user_id: 'ann', tenant_id: 't1', roles: ['coder'] })).tenant_id,
  ).toBe('t1');
  await register(t1, 'alpha');
  const t2 = await operator();
  await t2('attach_auth_context', { user_id: 'bob', tenant_id: 't2', roles: ['coder'] });
  await register(t2, 'beta');
  expect(
    (await t1('send_message', { sender_id: 'alpha', recipient_id: 'beta', content: 'hi' })).error?.code,
  ).toBe('unknown_agent');
  expect(
    (await t2('send_message', { sender_id: 'beta', recipient_id: 'beta', content: 'self' })).error,
  ).toBeUndefined();

  // What tenant t2 holds, for t1 to reach for: a session, a task, a workflow run.
  expect((await admin('define_workflow', { definition: GATED })).error).toBeUndefined();
  const made = async (name: string, args: Record<string, unknown>) => {
    const answer = await t2(name, args);
    expect(answer.error, `${name} in t2: ${JSON.stringify(answer.error)}`).toBeUndefined();
    return answer;
  };
  const betaSession = (
    await made('create_collaboration_session', { agent_id: 'beta', title: 'b', participant_model_ids: [] })
  ).session as { id: string };
  const betaTask = (await made('create_task', { agent_id: 'beta', description: 'b' })).task as { id: string };
  const betaRun = (await made('execute_workflow', { workflow_id: 'Gated', triggering_agent_id: 'beta' }))
    .run_id as string;
  expect(betaRun).toBeTypeOf('string');
  const betaRecords = new Map([
    ['session_id', betaSession.id],
    ['task_id', betaTask.id],
    ['subtask_id', betaTask.id],
    ['parent_task_id', betaTask.id],
    ['run_id', betaRun],
  ]);
  const betaIds = [betaSession.id, betaTask.id, betaRun];

  await new Promise((resolve) => setTimeout(resolve, 350));
  const nobody = (await session()).call;
  let reachedAcrossTenants = 0;
  let hiddenAcrossTenants = 0;
  const recordAnswers: string[] = [];
  // The cases of one tool run at once (each in its own session); the tools one after another.
  for (const tool of tools) {
    const { name } = tool;
    const rule = ruleOf(tool);
    const checks: Promise<void>[] = [];
    const run = (call: Call, args: Record<string, unknown>, check: (answer: Structured) => void) =>
      checks.push(call(name, args).then(check));
    // No identity.
    run(nobody, argumentsOf(tool, 'alice'), (answer) =>
      expectRefused(name, answer, 'unauthorized', 'with no identity'),
    );
    // Another agent's identity: its id, without its token.
    if (rule.access === 'caller')
      run(asMallory, argumentsOf(tool, 'alice'), (answer) =>
        expectRefused(name, answer, 'unauthorized', "as alice, from mallory's session"),
      );
    if (name !== 'authenticate_operator') {
      // An expired token, a revoked one: presented, or proven by the session before.
      run(
        asExpiring,
        argumentsOf(tool, 'expiring', { token: shortLived.agent_token as string }),
        (answer) => {
          expectRefused(name, answer, 'unauthorized', 'with an expired token');
          if (rule.access === 'caller') expect(answer.error?.message).toContain('token_expired');
        },
      );
      run(asRevoked, argumentsOf(tool, 'revoked', { token: revokedToken }), (answer) => {
        expectRefused(name, answer, 'unauthorized', 'with a revoked token');
        if (rule.access === 'caller') expect(answer.error?.message).toContain('token_revoked');
      });
      // A role without the permission.
      if (!OBSERVER_ALLOWS.has(name))
        run(asLimited, argumentsOf(tool, 'limited', { token: limitedToken }), (answer) => {
          expectRefused(name, answer, 'forbidden', 'as the observer role');
          expect(answer.error?.message).toContain(`permission ${name}`);
        });
      // Another tenant: alpha (t1) naming beta (t2), or beta's session, task or run.
      if (namesAnotherAgent(tool))
        run(t1, withoutSampleToken(argumentsOf(tool, 'alpha', { other: 'beta' })), (answer) => {
          // A field that names the caller (a filter such as list_tasks' assignee) needs beta's token first.
          expectRefused(name, answer, ['unknown_agent', 'unauthorized'], 'naming an agent of another tenant');
          if (answer.error?.code === 'unknown_agent') {
            expect(answer.error.message).toBe('no agent "beta" is registered');
            hiddenAcrossTenants++;
          } else expect(answer.error?.field).toBe('agent_token');
          reachedAcrossTenants++;
        });
      else if (namesARecord(tool, betaRecords) && !ENDS_ALPHA.has(name))
        run(t1, withoutSampleToken(argumentsOf(tool, 'alpha', { records: betaRecords })), (answer) => {
          // Refused as for a record that does not exist — or by the sample's other arguments first —
          // never for who owns it; a success (a list, a filter) shows nothing of beta's.
          const why = `${name} naming a record of another tenant: ${JSON.stringify(answer).slice(0, 300)}`;
          if (answer.error) {
            // The policy's refusal names the permission the caller lacks: about the caller, not the record.
            const aboutTheCaller = answer.error.message.startsWith('permission ');
            // Workflow definitions are templates shared by every tenant (runs are not): their owner's rule stands.
            const sharedTemplate = SHARED_TEMPLATES.has(name);
            expect(REVEALING.has(answer.error.code) && !aboutTheCaller && !sharedTemplate, why).toBe(false);
            if (['not_found', 'unknown_session'].includes(answer.error.code)) hiddenAcrossTenants++;
            recordAnswers.push(`${name}:${answer.error.code}:${answer.error.field}`);
            refusals.set(name, (refusals.get(name) ?? 0) + 1);
          } else if (name === 'get_audit_events') {
            // The audit echoes t1's own calls (their targets are the ids t1 sent): t1's events only.
            const tenants = (answer.events as { tenant_id: string | null }[]).map((event) => event.tenant_id);
            expect(new Set(tenants), why).toEqual(new Set(['t1']));
          } else for (const id of betaIds) expect(JSON.stringify(answer), why).not.toContain(id);
          reachedAcrossTenants++;
        });
      // Allowed: alice's role (coder) allows everything; the tool may refuse the sample's ids, but not her.
      if (!NOT_ALICES.has(name))
        run(asAlice, argumentsOf(tool, 'alice'), (answer) => {
          expect(answer.error?.code, `${name} as alice: ${JSON.stringify(answer.error)}`).not.toBe(
            'unauthorized',
          );
          if (answer.error?.code === 'forbidden') expect(answer.error.field).not.toBe('permission');
        });
    }
    await Promise.all(checks);
  }
  expect(hiddenAcrossTenants, recordAnswers.join(' ')).toBeGreaterThan(15);
  expect(reachedAcrossTenants).toBeGreaterThan(20);
  expect((await asAlice('deregister_agent', { agent_id: 'alice' })).error).toBeUndefined();

  // Every refusal is in the audit log: at least as many refused events per tool as refusals made here.
  const audited = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: Structured = await admin('get_audit_events', { limit: 1000, ...(cursor ? { cursor } : {}) });
    expect(page.error).toBeUndefined();
    for (const event of page.events as { action: string; outcome: string; args_hash: string }[]) {
      if (event.outcome === 'refused') audited.set(event.action, (audited.get(event.action) ?? 0) + 1);
      expect(event.args_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    cursor = page.next_cursor as string | null;
  } while (cursor !== null);
  for (const [tool, count] of refusals) expect(audited.get(tool) ?? 0, tool).toBeGreaterThanOrEqual(count);
  const text = JSON.stringify(await admin('get_audit_events', { agent_id: 'alice', limit: 1000 }));
  for (const secret of [aliceToken, limitedToken, revokedToken, ADMIN]) expect(text).not.toContain(secret);
}, 60_000);

it('refuses hostile ids cleanly, raises a security event on repeated unauthorized, gates resources and follows set_policy', async () => {
  const admin = await operator();
  const watcherToken = await register(admin, 'watcher');
  const { call: asWatcher, client: watcherClient } = await session();
  const subscribed = await asWatcher('subscribe_system_events', {
    agent_id: 'watcher',
    agent_token: watcherToken,
    event_types: ['security'],
  });
  expect(subscribed.error).toBeUndefined();

  // Hostile ids: refused with a code, never a crash.
  for (const id of ['__proto__', 'constructor', 'x'.repeat(200)]) {
    for (const [name, args] of [
      ['check_permission', { agent_id: id, action: 'health' }],
      ['rotate_agent_token', { agent_id: id }],
      ['revoke_agent_token', { agent_id: id }],
      ['get_audit_events', { agent_id: id }],
    ] as const) {
      const answer = await admin(name, args);
      if (answer.error)
        expect(['invalid_argument', 'unknown_agent', 'not_found']).toContain(answer.error.code);
    }
    // Attaching a context ends the operator's powers in that session: one of its own.
    const context = await (await operator())('attach_auth_context', {
      user_id: id,
      tenant_id: id,
      roles: [id],
    });
    if (context.error) expect(context.error.code).toBe('invalid_argument');
  }
  expect(
    (await admin('set_policy', JSON.parse('{"roles":{"__proto__":{"allow":["*"]}}}'))).error,
  ).toBeDefined();
  expect((await admin('authenticate_operator', { admin_token: 'x'.repeat(5000) })).error?.code).toBe(
    'invalid_argument',
  );

  // Repeated unauthorized from one session: a `security` system event reaches the subscribed agent.
  const { call: stranger } = await session();
  for (let attempt = 0; attempt < 5; attempt++) await stranger('heartbeat', { agent_id: 'watcher' });
  let inbox: Structured = {};
  for (let wait = 0; wait < 50; wait++) {
    inbox = await asWatcher('fetch_inbox', { agent_id: 'watcher' });
    if ((inbox.messages as unknown[]).length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(JSON.stringify(inbox.messages)).toContain('repeated_unauthorized');

  // Resource reads pass the gate: the observer role may read none; the audit log is the policy's to give.
  const limitedToken = await register(admin, 'observer-2', { roles: ['observer'] });
  const { call: asObserver, client: observerClient } = await session();
  await asObserver('check_permission', {
    agent_id: 'observer-2',
    action: 'health',
    agent_token: limitedToken,
  });
  await asObserver('heartbeat', { agent_id: 'observer-2', agent_token: limitedToken });
  await expect(observerClient.readResource({ uri: 'troupe://agents' })).rejects.toThrow(
    /permission troupe:\/\/agents/,
  );
  const agents = await watcherClient.readResource({ uri: 'troupe://agents' });
  expect(JSON.stringify(agents.contents[0])).toContain('watcher');
  const auditContents = (await watcherClient.readResource({ uri: 'troupe://audit' })).contents[0];
  const audit = JSON.parse((auditContents as { text: string }).text);
  expect(audit.events.length).toBeGreaterThan(0);

  // set_policy: the operator's alone, and in force at once; audit events filter by agent and action.
  const byAgent = await asWatcher('set_policy', { roles: [{ name: 'coder', allow: ['*'] }] });
  expect(byAgent.error?.code).toBe('forbidden');
  const replaced = await admin('set_policy', {
    roles: [
      { name: 'coder', allow: ['*'], deny: ['fetch_inbox'] },
      { name: 'observer', allow: ['*:read'] },
    ],
    default_role: 'coder',
  });
  expect(replaced).toMatchObject({ roles: ['coder', 'observer'], default_role: 'coder' });
  expect((await asWatcher('fetch_inbox', { agent_id: 'watcher' })).error).toMatchObject({
    code: 'forbidden',
    field: 'permission',
  });
  expect((await asObserver('find_agents', {})).error).toBeUndefined();
  const refusedInbox = await admin('get_audit_events', { agent_id: 'watcher', action: 'fetch_inbox' });
  const events = refusedInbox.events as { action: string; agent_id: string; error_code: string | null }[];
  expect(events.at(-1)).toMatchObject({
    action: 'fetch_inbox',
    agent_id: 'watcher',
    error_code: 'forbidden',
  });
  expect(events.every((event) => event.agent_id === 'watcher' && event.action === 'fetch_inbox')).toBe(true);
}, 30_000);
