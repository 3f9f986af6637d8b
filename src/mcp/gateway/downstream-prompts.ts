/**
 * The downstream servers' prompts through troupe's MCP server (`troupe serve --config`):
 * `prompts/list` gives every running server's prompts as `<server>__<prompt>` (the tools'
 * naming rule, `actors/gateway/naming.ts`) with their own description and arguments, read
 * from the gateway on each request; `prompts/get` is proxied to the server
 * (`Gateway.getPrompt`); `notifications/prompts/list_changed` goes out whenever a server's
 * list may have changed. troupe has no prompts of its own, so this owns both handlers.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GetPromptRequestSchema, ListPromptsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';

/** Call before the server connects (it declares the `prompts` capability); returns the unsubscribe. */
export function registerDownstreamPrompts(mcp: McpServer, gateway: Gateway): () => void {
  mcp.server.registerCapabilities({ prompts: { listChanged: true } });
  mcp.server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: (await gateway.listPrompts()).map(({ name, prompt }) => ({ ...prompt, name })),
  }));
  mcp.server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const { name, arguments: args } = request.params;
    try {
      return await gateway.getPrompt(name, args ?? {});
    } catch (error) {
      if (error instanceof GatewayError)
        throw protocolError(INVALID_PARAMS, error.message, {
          prompt: name,
          code: error.gatewayCode,
          ...(error.server === undefined ? {} : { server: error.server }),
        });
      throw error;
    }
  });
  return gateway.onListChanged((news) => {
    if (news.type === 'resources-changed') return;
    if (mcp.isConnected() && mcp.server.getClientCapabilities() !== undefined)
      mcp.server.sendPromptListChanged().catch(() => {});
  });
}
