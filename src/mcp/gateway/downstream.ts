/**
 * The registration hook of the downstream servers' resources and prompts on one MCP session
 * (`downstream-resources.ts`, `downstream-prompts.ts`): wired in before the session connects,
 * unwired when it closes.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { announceDownstreamPromptChanges } from './downstream-prompts.js';
import { registerDownstreamResources } from './downstream-resources.js';

export function registerDownstream(mcp: McpServer, gateway: Gateway): void {
  const unsubscribes = [
    registerDownstreamResources(mcp, gateway),
    announceDownstreamPromptChanges(mcp, gateway),
  ];
  const previous = mcp.server.onclose;
  mcp.server.onclose = () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    previous?.();
  };
}
