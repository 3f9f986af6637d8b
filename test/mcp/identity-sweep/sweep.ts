/**
 * The identity sweep's body (issue 11, acceptance 4), shared by the runs against a plain
 * `troupe serve` (../identity-sweep.test.ts) and one with a gateway config in front of real
 * MCP servers (../identity-sweep-gateway.test.ts): every tool, resource and resource
 * template the serve lists is tried against agent A's world (world.ts) by callers that are
 * not A — a session with no identity, and agent B's session (B's own valid token) both
 * naming A with B's token and acting as B aimed at A's records. The calls are GENERATED from
 * `listTools()` / `listResources()` / `listResourceTemplates()` (arguments from each input
 * schema: arguments.ts); a tool or resource missing from the classification (rules.ts) fails.
 *
 * Each answer is either a success with none of A's secrets in it (its messages, state
 * values, task results and context, workflow payloads and outputs, and — behind a gateway —
 * the downstream results cached for A's session), or a refusal `unauthorized` / `forbidden`
 * (or one of the few record-level refusals rules.ts lists per tool, each with its reason).
 * Afterwards A re-reads its world: nothing B or the anonymous session did changed it
 * (messages B sent A are B's own doing; a forced lock release is the documented anti-jam
 * override, recorded with B's name and reason). Not here: how the serve is started and what
 * the run adds to A's world (the test files).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, McpError, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, registerAgent, removeDataDirs, structured } from '../serve-client.js';
import { argumentsFor, unmappedIds, type Variant } from './arguments.js';
import { RESOURCE_RULES, TOOL_RULES, toolRuleOf } from './rules.js';
import { A, B, createWorld, SECRET, snapshot, type World } from './world.js';

const IDENTITY_REFUSALS = new Set(['unauthorized', 'forbidden']);
/** Run last: B deregistering itself would leave the calls after it nobody to act for. */
const LAST = new Set(['deregister_agent']);

/** How one run of the sweep starts its serve, and what it adds to A's world. */
export interface SweepSetup {
  /** The data directory every session's `troupe serve` shares, and its options. */
  readonly serve: () => { readonly dataDir: string; readonly options?: readonly string[] };
  /** After A's world is made: more of A's data (as `owner`, A's session); resolves once the tools are all listed. */
  readonly extend?: (owner: Client, world: World) => Promise<void>;
  /** Templates' `{…}` variables aimed at A's records, beyond agents, sessions and tasks (`+name`: a reserved `{+name}`). */
  readonly aim?: ReadonlyMap<string, string>;
  readonly timeoutMs?: number;
}

/** Define the sweep's tests (call at a test file's top level). */
export function defineIdentitySweep(setup: SweepSetup): void {
  const timeoutMs = setup.timeoutMs ?? 60_000;
  let owner: Client;
  let stranger: Client;
  let anonymous: Client;
  let world: World;
  let tokenOfB: string;
  let tools: Tool[];
  let before: Record<string, unknown>;
  /** Every answer, for the report when something fails: `tool variant → outcome`. */
  const outcomes: string[] = [];

  beforeAll(async () => {
    const { dataDir, options = [] } = setup.serve();
    owner = await connect(dataDir, options);
    [stranger, anonymous] = await Promise.all([connect(dataDir, options), connect(dataDir, options)]);
    world = await createWorld(owner);
    await setup.extend?.(owner, world);
    tokenOfB = await registerAgent(stranger, B);
    // Hosts list the tools first; the SDK client then checks every result against its output schema.
    for (const client of [stranger, anonymous]) await client.listTools();
    ({ tools } = await owner.listTools());
    before = await snapshot(owner, world);
  }, timeoutMs);

  afterAll(async () => {
    for (const client of [owner, stranger, anonymous]) await client?.close();
    removeDataDirs();
  });

  it('has a rule for every tool listed, and aims every id-like argument at A’s records', () => {
    expect(tools.map((tool) => tool.name).filter((name) => !toolRuleOf(name))).toEqual([]);
    expect(unmappedIds(tools, world)).toEqual([]);
    for (const tool of tools) {
      const rule = toolRuleOf(tool.name);
      if (rule?.access === 'public') expect(rule.why, tool.name).toBeTruthy();
    }
  });

  async function sweepCall(tool: Tool, variant: Variant): Promise<string | null> {
    const rule = toolRuleOf(tool.name);
    if (!rule) return `${tool.name}: not classified`;
    const args = argumentsFor(tool, rule, variant, world, tokenOfB);
    const client = variant === 'anonymous' ? anonymous : stranger;
    const result = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
    const text = JSON.stringify(result);
    const answer = structured(result);
    const outcome = result.isError ? `refused ${answer.error?.code}` : 'answered';
    outcomes.push(`${tool.name} ${variant} ${JSON.stringify(args)} → ${outcome}`);
    if (text.includes(SECRET)) return `${tool.name} (${variant}) showed A's secret: ${text.slice(0, 300)}`;
    if (!result.isError) return null;
    const code = answer.error?.code ?? '';
    if (IDENTITY_REFUSALS.has(code) || (rule.also && code in rule.also)) return null;
    return `${tool.name} (${variant}) refused with ${code}: ${answer.error?.message} — args ${JSON.stringify(args)}`;
  }

  it(
    'gives no caller but A any of A’s secrets, and refuses with unauthorized or forbidden',
    async () => {
      const ordered = [
        ...tools.filter((tool) => !LAST.has(tool.name)),
        ...tools.filter((tool) => LAST.has(tool.name)),
      ];
      const problems: string[] = [];
      for (const tool of ordered) {
        for (const variant of ['anonymous', 'impersonating', 'as-b'] as const) {
          const problem = await sweepCall(tool, variant);
          if (problem) problems.push(problem);
        }
      }
      if (process.env.TROUPE_SWEEP_REPORT) process.stderr.write(`${outcomes.join('\n')}\n`);
      expect(problems).toEqual([]);
      expect(outcomes.length).toBe(tools.length * 3);
    },
    timeoutMs,
  );

  /** The URI of a resource template aimed at A's record. */
  function aimed(template: string): string {
    const ids = new Map([
      ['agents', A],
      ['sessions', world.sessionId],
      ['tasks', world.taskId],
      ['workflows', world.workflow],
      ['runs', world.runId],
      ...(setup.aim ?? []),
    ]);
    const [, kind = '', variable = ''] = /^troupe:\/\/([a-z-]+)\/(\{[a-z]+\})/.exec(template) ?? [];
    const id = ids.get(kind);
    if (id === undefined) throw new Error(`the sweep cannot aim ${template}: add its kind`);
    // A reserved `{+name}` (a downstream URI, kept verbatim) is aimed by `aim`'s `+name`.
    return template.replace(variable, encodeURIComponent(id)).replace(/\{\+([a-z]+)\}/g, (whole, name) => {
      const value = ids.get(`+${name}`);
      if (value === undefined) throw new Error(`the sweep cannot aim ${whole} of ${template}: add +${name}`);
      return value;
    });
  }

  async function readAs(client: Client, uri: string): Promise<{ text: string } | { code: string }> {
    try {
      return { text: JSON.stringify(await client.readResource({ uri })) };
    } catch (error) {
      if (!(error instanceof McpError)) throw error;
      return { code: (error.data as { code?: string } | undefined)?.code ?? `mcp ${error.code}` };
    }
  }

  it('shows no caller but A any of A’s secrets through resources, listed or templated', async () => {
    const problems: string[] = [];
    const { resourceTemplates } = await owner.listResourceTemplates();
    const templates = resourceTemplates.map((template) => template.uriTemplate);
    const fixed = (await owner.listResources()).resources.map((resource) => resource.uri);
    const patterns = templates.map(
      (template) =>
        new RegExp(`^${template.replace(/\{\+[a-z]+\}/g, '.+').replace(/\{[a-z]+\}/g, '[^/]+')}$`),
    );
    const fixedOnes = fixed.filter((uri) => !patterns.some((pattern) => pattern.test(uri)));
    expect([...templates, ...fixedOnes].filter((uri) => !RESOURCE_RULES.has(uri))).toEqual([]);

    for (const client of [stranger, anonymous]) {
      const who = client === stranger ? 'as-b' : 'anonymous';
      const listed = (await client.listResources()).resources.map((resource) => resource.uri);
      for (const uri of listed) {
        const read = await readAs(client, uri);
        if ('text' in read && read.text.includes(SECRET))
          problems.push(`${uri} (${who}, listed) showed a secret`);
      }
      for (const template of templates) {
        const rule = RESOURCE_RULES.get(template);
        const uri = aimed(template);
        const read = await readAs(client, uri);
        outcomes.push(`${uri} ${who} → ${'code' in read ? `refused ${read.code}` : 'answered'}`);
        if ('text' in read) {
          if (read.text.includes(SECRET)) problems.push(`${uri} (${who}) showed a secret`);
          if (rule?.access === 'own') problems.push(`${uri} (${who}) was read: ${rule.why}`);
          if (listed.includes(uri) && rule?.access === 'own') problems.push(`${uri} (${who}) is listed`);
        } else if (!IDENTITY_REFUSALS.has(read.code))
          problems.push(`${uri} (${who}) refused with ${read.code}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('leaves A’s world as it was, but for the lease B broke on purpose', async () => {
    const { lock, ...after } = await snapshot(owner, world);
    const { lock: lockBefore, ...rest } = before;
    expect(after).toEqual(rest);
    // force_release_file_lock's override (rules.ts): recorded with B's name and reason.
    expect(TOOL_RULES.get('force_release_file_lock')?.overrides).toBeTruthy();
    expect(lockBefore).toMatchObject({ lease: { holder_id: A } });
    expect(lock).toMatchObject({ lease: null, last_forced: { forced_by: B, reason: 'x' } });
  });
}
