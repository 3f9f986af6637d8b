/**
 * The downstream servers' prompts through troupe's MCP server (`troupe serve --config`):
 * listed as `<server>__<prompt>` (the tools' naming rule, `actors/gateway/naming.ts`) with
 * their own description and arguments, read from the gateway on each request; got by
 * proxying to the server (`Gateway.getPrompt`); `notifications/prompts/list_changed` goes
 * out whenever a server's list may have changed. The `prompts/*` handlers are
 * `prompts/register.ts`'s (troupe's own patterns are listed first).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';

export async function listDownstreamPrompts(gateway: Gateway): Promise<Prompt[]> {
  return (await gateway.listPrompts()).map(({ name, prompt }) => ({ ...prompt, name }));
}

/** The downstream prompt `name`, or -32602 with the gateway's code (unknown server, server down…). */
export async function getDownstreamPrompt(
  gateway: Gateway,
  name: string,
  args: Record<string, string>,
): Promise<GetPromptResult> {
  try {
    return await gateway.getPrompt(name, args);
  } catch (error) {
    if (error instanceof GatewayError)
      throw protocolError(INVALID_PARAMS, error.message, {
        prompt: name,
        code: error.gatewayCode,
        ...(error.server === undefined ? {} : { server: error.server }),
      });
    throw error;
  }
}

/** `prompts/list_changed` to this session when a server's prompts may have changed; returns the unsubscribe. */
export function announceDownstreamPromptChanges(mcp: McpServer, gateway: Gateway): () => void {
  return gateway.onListChanged((news) => {
    if (news.type === 'resources-changed') return;
    if (mcp.isConnected() && mcp.server.getClientCapabilities() !== undefined)
      mcp.server.sendPromptListChanged().catch(() => {});
  });
}
