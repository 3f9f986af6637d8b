/**
 * The gateway's resources: `troupe://servers` (every downstream server's status) and
 * `troupe://servers/{name}` (one), as `get_server_status` gives them
 * (`gateway/server-records.ts`). Read-only views; the downstream servers' own resources are
 * not these (they keep their own URIs, see the README).
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { serverStatusRecord } from '../gateway/server-records.js';
import { JSON_MIME, jsonContents, resourceNotFound } from './contents.js';

export const SERVERS_URI = 'troupe://servers';
export const SERVER_URI_TEMPLATE = 'troupe://servers/{name}';

export function registerServerResources(server: McpServer, gateway: Gateway): void {
  const json = { mimeType: JSON_MIME } as const;
  server.registerResource(
    'servers',
    SERVERS_URI,
    { ...json, title: 'Downstream servers', description: "Every downstream MCP server's status" },
    async (uri) => jsonContents(uri, { servers: (await gateway.servers()).map(serverStatusRecord) }),
  );
  server.registerResource(
    'server',
    new ResourceTemplate(SERVER_URI_TEMPLATE, {
      list: async () => ({
        resources: (await gateway.servers()).map((status) => ({
          uri: `${SERVERS_URI}/${status.name}`,
          name: status.name,
          mimeType: JSON_MIME,
        })),
      }),
    }),
    { ...json, title: 'Downstream server', description: "One downstream MCP server's status" },
    async (uri, variables) => {
      const name = Array.isArray(variables.name) ? variables.name.join('/') : variables.name;
      const found = (await gateway.servers()).find((status) => status.name === name);
      if (found === undefined) throw resourceNotFound(uri, `no downstream server is named ${name}`, 'name');
      return jsonContents(uri, serverStatusRecord(found));
    },
  );
}
