/**
 * Test support for the gateway: where the real MCP servers from npm and the fixture server
 * are, config entries that start them, the members of a process group as `ps` sees them,
 * and the text of a tool result.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseGatewayConfig } from '../../../actors/gateway/config/gateway-config-schema.js';
import type { ServerConfig } from '../../../actors/gateway/config/server-config.js';

const require = createRequire(import.meta.url);

function binOf(pkg: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'index.js');
}

export const EVERYTHING = binOf('@modelcontextprotocol/server-everything');
export const MEMORY = binOf('@modelcontextprotocol/server-memory');
export const FILESYSTEM = binOf('@modelcontextprotocol/server-filesystem');
export const FIXTURE = fileURLToPath(new URL('../../fixtures/gateway/fixture-server.js', import.meta.url));
export const ORPHAN_HOST = fileURLToPath(new URL('../../fixtures/gateway/orphan-host.js', import.meta.url));

/** A normalized server config from one raw `mcpServers` entry. */
export function serverConfig(name: string, entry: Record<string, unknown>): ServerConfig {
  const config = parseGatewayConfig({ mcpServers: { [name]: entry } }, { env: process.env });
  const server = config.servers.get(name);
  if (!server) throw new Error(`no server ${name}`);
  return server;
}

/** Pids in process group `pgid`, as `ps` lists them (zombies left out). */
export function psGroupMembers(pgid: number): number[] {
  const output = execFileSync('ps', ['-e', '-o', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, group, stat]) => pid && Number(group) === pgid && !stat?.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/** Pids of the live processes whose command line contains `marker`. */
export function pidsWith(marker: string): number[] {
  const output = execFileSync('ps', ['-e', '-o', 'pid=,stat=,args='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, stat, ...args]) => pid && !stat?.startsWith('Z') && args.join(' ').includes(marker))
    .map(([pid]) => Number(pid));
}

/** The text of a tool result's content blocks, joined. */
export function textOf(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');
}

/** A plain SDK client on the SDK's own stdio transport: what the gateway's results are compared with. */
export async function directClient(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
) {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport, getDefaultEnvironment } = await import(
    '@modelcontextprotocol/sdk/client/stdio.js'
  );
  const client = new Client({ name: 'direct', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command,
      args: [...args],
      env: { ...getDefaultEnvironment(), ...env },
      stderr: 'pipe',
    }),
  );
  return client;
}

/** The text `${name}`, as a config file writes a reference to an environment variable. */
export function envRef(name: string, fallback?: string): string {
  return fallback === undefined ? `$\{${name}}` : `$\{${name}:-${fallback}}`;
}
