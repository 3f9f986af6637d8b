/**
 * The gateway config: the hosts' `mcpServers` format (stdio and Streamable HTTP), seed
 * 001's `servers` and `orchestrator` sections, troupe's fields with their defaults, every
 * error naming its path, `${VAR}` expansion as Claude Code does it, and files in JSON and
 * YAML.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGatewayConfig } from '../../../actors/gateway/config/gateway-config-schema.js';
import { findConfigFile, loadGatewayConfig } from '../../../actors/gateway/config/load-config.js';
import { GATEWAY_DEFAULTS } from '../../../actors/gateway/config/server-config.js';
import { GatewayConfigError } from '../../../actors/gateway/errors.js';
import { envRef } from './servers.js';

function issuesOf(content: unknown): string[] {
  try {
    parseGatewayConfig(content);
  } catch (error) {
    if (error instanceof GatewayConfigError)
      return error.issues.map((issue) => `${issue.path} ${issue.message}`);
    throw error;
  }
  throw new Error('the config was accepted');
}

function server(content: unknown, name: string, env: Record<string, string> = {}) {
  const config = parseGatewayConfig(content, { env }).servers.get(name);
  if (!config) throw new Error(`no server ${name}`);
  return config;
}

describe('the gateway config', () => {
  it('reads a Claude Desktop entry with every default filled in', () => {
    const fetch = server(
      {
        mcpServers: {
          fetch: { command: 'uvx', args: ['mcp-server-fetch'], env: { A: '1' }, autoApprove: [] },
        },
      },
      'fetch',
    );
    expect(fetch.transport).toEqual({
      kind: 'stdio',
      command: 'uvx',
      args: ['mcp-server-fetch'],
      env: { A: '1' },
    });
    expect(fetch.restart).toEqual(GATEWAY_DEFAULTS.restart);
    expect(fetch.retry).toEqual(GATEWAY_DEFAULTS.noRetry);
    expect(fetch.timeoutMs).toBe(GATEWAY_DEFAULTS.timeoutMs);
    expect(fetch.health).toEqual(GATEWAY_DEFAULTS.health);
    expect(fetch.tools).toEqual({ deny: [] });
    expect(fetch.disabled).toBe(false);
  });

  it('reads Streamable HTTP entries (Claude Code writes type "http")', () => {
    const remote = server(
      { mcpServers: { remote: { type: 'http', url: 'https://example.test/mcp', headers: { X: 'y' } } } },
      'remote',
    );
    expect(remote.transport).toEqual({ kind: 'http', url: 'https://example.test/mcp', headers: { X: 'y' } });
  });

  it('reads seed 001’s servers and orchestrator sections', () => {
    const openai = server(
      {
        servers: {
          openai: {
            name: 'OpenAI Server',
            description: 'OpenAI GPT and embedding services',
            command: 'python',
            args: ['openai_server/server.py'],
            port: 8001,
            tools: ['openai_chat', 'openai_embed', 'list_models'],
            required_env: ['OPENAI_API_KEY'],
          },
        },
        orchestrator: { port: 8000, default_timeout: 30, retry_attempts: 3 },
      },
      'openai',
    );
    expect(openai.title).toBe('OpenAI Server');
    expect(openai.description).toBe('OpenAI GPT and embedding services');
    expect(openai.tools).toEqual({ allow: ['openai_chat', 'openai_embed', 'list_models'], deny: [] });
    expect(openai.requiredEnv).toEqual(['OPENAI_API_KEY']);
    expect(openai.timeoutMs).toBe(30_000);
    expect(openai.retry).toEqual({ ...GATEWAY_DEFAULTS.retry, maxAttempts: 3 });
  });

  it('takes troupe’s fields, falling back to gateway.defaults field by field', () => {
    const memory = server(
      {
        gateway: { defaults: { restart: { window_s: 30, backoff: { initial_ms: 100 } }, timeout_ms: 9_000 } },
        mcpServers: {
          memory: {
            command: 'npx',
            tags: ['memory'],
            capabilities: ['graph'],
            provider: 'memory',
            tools: { allow: ['read_*'], deny: ['read_secret'] },
            restart: { max_restarts: 2, backoff: { factor: 3 } },
            max_concurrency: 4,
            rate: { per_second: 2.5 },
            cache: { ttl_s: 60, tools: ['read_graph'], per_session: true },
            idle_shutdown_s: 300,
            retry: { interval_ms: 200, max_attempts: 4 },
            retryable: ['search_*'],
            lock_argument: { write_file: 'path' },
            canary: { tool: 'read_graph' },
            health: { interval_s: 10 },
            circuit: { open_s: 5 },
          },
        },
      },
      'memory',
    );
    expect(memory.restart).toEqual({
      maxRestarts: 2,
      windowMs: 30_000,
      backoff: { initialMs: 100, maxMs: 30_000, factor: 3 },
    });
    expect(memory.timeoutMs).toBe(9_000);
    expect(memory.rate).toEqual({ perSecond: 2.5, burst: 3 });
    expect(memory.cache).toEqual({ ttlMs: 60_000, tools: ['read_graph'], perSession: true });
    expect(memory.idleShutdownMs).toBe(300_000);
    expect(memory.retry).toEqual({
      intervalMs: 200,
      backoffRate: 2,
      maxAttempts: 4,
      maxDelayMs: 30_000,
      jitter: 'full',
    });
    expect(memory.lockArguments).toEqual(new Map([['write_file', 'path']]));
    expect(memory.canary).toEqual({
      tool: 'read_graph',
      arguments: {},
      timeoutMs: GATEWAY_DEFAULTS.canaryTimeoutMs,
    });
    expect(memory.health.intervalMs).toBe(10_000);
    expect(memory.circuit.openMs).toBe(5_000);
    expect(memory.provider).toBe('memory');
  });

  it('names the path of every error, all of them at once', () => {
    expect(issuesOf({ mcpServers: { fetch: { command: 'uvx', args: ['a', 1] } } })).toEqual([
      'mcpServers.fetch.args[1] must be a string',
    ]);
    expect(
      issuesOf({
        mcpServers: {
          fetch: { command: 'uvx', max_restart: 3 },
          'my server': { command: 'x' },
          both: { command: 'x', url: 'http://a' },
          none: { env: {} },
          slow: { command: 'x', timeout_ms: -1, restart: { backoff: { factor: 'fast' } } },
          old: { type: 'sse', url: 'http://a/sse' },
          keys: { command: 'x', required_env: ['OK', 'not ok'] },
        },
        servers: { fetch: { command: 'y' } },
        orchestrator: { default_timeout: 'long' },
      }),
    ).toEqual([
      'orchestrator.default_timeout must be a number of seconds',
      'mcpServers.fetch has an unknown field: max_restart (did you mean "restart"?)',
      'mcpServers["my server"] is not a valid server name: letters, digits, "-" and single "_" inside, at most 32 characters (it starts every exposed tool name)',
      'mcpServers.both.url must not be set together with command: an entry is either stdio (command) or HTTP (url)',
      'mcpServers.none.command is required (stdio servers need command, HTTP servers url)',
      'mcpServers.slow.restart.backoff.factor must be a number',
      'mcpServers.slow.timeout_ms must be > 0',
      'mcpServers.old.type must not be "sse": the deprecated SSE transport is not supported, use Streamable HTTP',
      'mcpServers.keys.required_env[1] must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
      'servers.fetch is defined twice (in mcpServers and servers)',
    ]);
  });

  it('names the field an unknown one most likely meant, and the few there are', () => {
    expect(
      issuesOf({
        mcpServers: {
          a: { command: 'x', cache: { ttl: 3, ttl_s: 3 } },
          b: { command: 'x', constructor: 1, __proto__: { x: 1 }, zzz: 2 },
        },
      }),
    ).toEqual([
      'mcpServers.a.cache has an unknown field: ttl (did you mean "ttl_s"? known: per_session, tools, ttl_s)',
      'mcpServers.b has unknown field(s): constructor, zzz',
    ]);
  });

  it('refuses a provider group named like a server outside it', () => {
    expect(
      issuesOf({
        mcpServers: {
          memory: { command: 'x' },
          m2: { command: 'y', provider: 'memory' },
          m3: { command: 'z', provider: 'a b' },
        },
      }),
    ).toEqual([
      'mcpServers.m2.provider names server "memory", which is not in group "memory"',
      'mcpServers.m3.provider is not a valid server name: letters, digits, "-" and single "_" inside, at most 32 characters (it starts every exposed tool name)',
    ]);
  });

  it('says what is wrong with a config that is not an object', () => {
    expect(issuesOf([])).toEqual(['(config) must be an object']);
    expect(issuesOf({ mcpServers: [] })).toEqual(['mcpServers must be an object: server name → entry']);
  });
});

describe('environment variable expansion', () => {
  const env = { TOKEN: 'secret', HOST: 'api.test', EMPTY: '' };

  it('expands references with and without a default in command, args, env, url, headers and cwd', () => {
    const stdio = server(
      {
        mcpServers: {
          s: {
            command: `${envRef('HOST')}-bin`,
            args: [envRef('TOKEN'), envRef('MISSING', 'fallback'), envRef('EMPTY', 'used'), '$TOKEN'],
            env: { KEY: envRef('TOKEN') },
            cwd: `/srv/${envRef('HOST')}`,
          },
        },
      },
      's',
      env,
    );
    expect(stdio.transport).toEqual({
      kind: 'stdio',
      command: 'api.test-bin',
      args: ['secret', 'fallback', 'used', '$TOKEN'],
      env: { KEY: 'secret' },
      cwd: '/srv/api.test',
    });
    expect(stdio.unresolvedEnv).toEqual([]);
    const http = server(
      {
        mcpServers: {
          h: {
            url: `https://${envRef('HOST')}/mcp`,
            headers: { Authorization: `Bearer ${envRef('TOKEN')}` },
          },
        },
      },
      'h',
      env,
    );
    expect(http.transport).toEqual({
      kind: 'http',
      url: 'https://api.test/mcp',
      headers: { Authorization: 'Bearer secret' },
    });
  });

  it('leaves a reference to an unset variable as written and reports it (the server becomes missing_env, the file stays valid)', () => {
    const s = server(
      { mcpServers: { s: { url: envRef('BASE_URL'), headers: { K: envRef('API_KEY') } } } },
      's',
      env,
    );
    expect(s.unresolvedEnv).toEqual(['BASE_URL', 'API_KEY']);
    expect(s.transport).toEqual({ kind: 'http', url: envRef('BASE_URL'), headers: { K: envRef('API_KEY') } });
  });
});

describe('config files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'troupe-gateway-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads JSON and YAML, and finds troupe.config.* in a directory', async () => {
    const yamlFile = join(dir, 'troupe.config.yaml');
    await writeFile(
      yamlFile,
      'mcpServers:\n  memory:\n    command: npx\n    args: ["-y", "@modelcontextprotocol/server-memory"]\n',
    );
    expect(await findConfigFile(dir)).toBe(yamlFile);
    const fromYaml = await loadGatewayConfig(yamlFile);
    const jsonFile = join(dir, 'troupe.config.json');
    await writeFile(
      jsonFile,
      JSON.stringify({
        mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'] } },
      }),
    );
    expect(await findConfigFile(dir)).toBe(jsonFile);
    expect(await loadGatewayConfig(jsonFile)).toEqual(fromYaml);
  });

  it('names the file and the problem when it cannot be read or parsed', async () => {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "mcpServers": ');
    await expect(loadGatewayConfig(broken)).rejects.toThrow(
      /gateway config .*broken\.json is invalid: \(file\) is not valid JSON/,
    );
    await expect(loadGatewayConfig(join(dir, 'absent.yaml'))).rejects.toThrow(
      /\(file\) cannot be read: ENOENT/,
    );
    const invalid = join(dir, 'invalid.yml');
    await writeFile(invalid, 'mcpServers:\n  fetch:\n    command: uvx\n    args: [a, 1]\n');
    const error = await loadGatewayConfig(invalid).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayConfigError);
    expect((error as GatewayConfigError).issues).toEqual([
      { path: 'mcpServers.fetch.args[1]', message: 'must be a string' },
    ]);
    expect((error as GatewayConfigError).code).toBe('invalid_config');
  });
});
