/**
 * The downstream servers' resources through troupe's MCP server (`troupe serve --config`),
 * named by `downstream-uris.ts` (`troupe://gateway/<server>/<their URI>`):
 *
 * - `resources/list`: every running server's resources under their troupe URIs, with their
 *   own name, title, description and MIME type (one template, `troupe://gateway/{server}/{+uri}`,
 *   lists and reads them all);
 * - `resources/read`: proxied to the server (`Gateway.readResource`), the contents' URIs
 *   named the troupe way again;
 * - `resources/templates/list`: each server's templates, prefixed the same way, kept in step
 *   with the gateway (registered and removed as servers and their lists change);
 * - `notifications/resources/list_changed` whenever a server's list may have changed (its
 *   own `list_changed`, a server up or down).
 *
 * It owns the mapping; the fetching and routing are the gateway's.
 */
import {
  type McpServer,
  type RegisteredResourceTemplate,
  ResourceTemplate,
} from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { GatewayError } from '../../../actors/gateway/errors.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';
import { resourceNotFound } from '../resources/contents.js';
import { GATEWAY_RESOURCE_PREFIX, gatewayUriOf, parseGatewayUri } from './downstream-uris.js';

const ALL_TEMPLATE = `${GATEWAY_RESOURCE_PREFIX}{server}/{+uri}`;

export function registerDownstreamResources(mcp: McpServer, gateway: Gateway): () => void {
  mcp.registerResource(
    'gateway-resource',
    new ResourceTemplate(ALL_TEMPLATE, {
      list: async () => ({
        resources: (await gateway.listResources()).map(({ server, resource }) => ({
          ...resource,
          uri: gatewayUriOf(server, resource.uri),
        })),
      }),
    }),
    {
      title: 'Downstream resource',
      description: "A downstream server's resource: troupe://gateway/<server>/<the server's own URI>",
    },
    async (uri) => read(gateway, uri.toString()),
  );

  const templates = new Map<
    string,
    { readonly key: string; readonly registered: RegisteredResourceTemplate }
  >();
  let syncing = Promise.resolve();
  const sync = () => {
    syncing = syncing
      .then(async () => {
        const listed = await gateway.listResourceTemplates().catch(() => null);
        if (listed === null) return;
        const wanted = new Map(
          listed.map(({ server, template }) => [
            `${server}__${template.name}`,
            { server, template, key: JSON.stringify(template) },
          ]),
        );
        for (const [name, held] of templates) {
          if (wanted.get(name)?.key === held.key) continue;
          held.registered.remove();
          templates.delete(name);
        }
        for (const [name, { server, template, key }] of wanted) {
          if (templates.has(name)) continue;
          const { name: _own, uriTemplate, ...metadata } = template;
          const registered = mcp.registerResource(
            name,
            new ResourceTemplate(gatewayUriOf(server, uriTemplate), { list: undefined }),
            metadata,
            async (uri) => read(gateway, uri.toString()),
          );
          templates.set(name, { key, registered });
        }
      })
      // A failed sync (a server gone mid-way) leaves the last good templates; the next news syncs again.
      .catch(() => {});
  };
  sync();
  return gateway.onListChanged((news) => {
    if (news.type === 'prompts-changed') return;
    sync();
    if (mcp.isConnected() && mcp.server.getClientCapabilities() !== undefined) mcp.sendResourceListChanged();
  });
}

async function read(gateway: Gateway, troupeUri: string): Promise<ReadResourceResult> {
  const target = parseGatewayUri(troupeUri);
  if (target === null) throw resourceNotFound(troupeUri, `not a downstream resource: ${troupeUri}`, 'uri');
  try {
    const result = await gateway.readResource(target.server, target.uri);
    return {
      ...result,
      contents: result.contents.map((content) => ({
        ...content,
        uri: gatewayUriOf(target.server, content.uri),
      })),
    };
  } catch (error) {
    if (error instanceof GatewayError)
      throw protocolError(INVALID_PARAMS, error.message, {
        uri: troupeUri,
        code: error.gatewayCode,
        ...(error.server === undefined ? {} : { server: error.server }),
      });
    throw error;
  }
}
