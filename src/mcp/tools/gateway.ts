/**
 * Troupe's own tools over the gateway (seed 001's names): `list_servers`,
 * `get_server_status`, `restart_server`, `route_request`, `discover_capabilities`. They go
 * through the `ToolRegistry` like every troupe tool (strict input, the `orchestration`
 * block); the records are `gateway/server-records.ts`'s. The proxied tools themselves are
 * `gateway/proxied-tools.ts`'s.
 */

import { z } from 'zod';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import { InvalidArgumentError } from '../../kernel/index.js';
import { changes, READS } from '../annotations.js';
import {
  CapabilityShape,
  capabilityRecord,
  RoutedCallShape,
  routedCallRecord,
  ServerStatusSchema,
  ServerStatusShape,
  serverStatusRecord,
} from '../gateway/server-records.js';
import type { ToolRegistry } from '../tool-registry.js';
import { failure, success } from '../tool-result.js';
import { traceGatewayCall } from '../tracing/child-spans.js';

const ServerNameSchema = z.string().min(1).max(64).describe('a configured server, by its name in the config');
const HANDLED_BY = 'gateway';

export function registerGatewayTools(tools: ToolRegistry, gateway: Gateway): void {
  tools.register(
    'list_servers',
    {
      title: 'List servers',
      description:
        'The downstream MCP servers troupe fronts: for each its state, health, provider group, tags, capabilities and tool count.',
      inputSchema: {},
      outputSchema: {
        servers: z.array(
          ServerStatusSchema.pick({
            name: true,
            title: true,
            description: true,
            provider: true,
            tags: true,
            capabilities: true,
            transport: true,
            state: true,
            health: true,
            tool_count: true,
          }),
        ),
      },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async () => {
      const statuses = (await gateway.servers()).map(serverStatusRecord);
      return success({
        servers: statuses.map(
          ({
            name,
            title,
            description,
            provider,
            tags,
            capabilities,
            transport,
            state,
            health,
            tool_count,
          }) => ({
            name,
            ...(title === undefined ? {} : { title }),
            ...(description === undefined ? {} : { description }),
            ...(provider === undefined ? {} : { provider }),
            tags,
            capabilities,
            transport,
            state,
            health,
            tool_count,
          }),
        ),
      });
    },
  );

  tools.register(
    'get_server_status',
    {
      title: 'Server status',
      description:
        "A downstream server's status in detail (every server's without `server`): state, required_env_status, restarts, who asked for the last restart, last error with its stderr lines, health, tool count, latency percentiles, calls in flight, circuit, this server's cache hits and misses.",
      inputSchema: { server: ServerNameSchema.optional() },
      outputSchema: { servers: z.array(z.object(ServerStatusShape)) },
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async ({ server }) => {
      const statuses = (await gateway.servers()).map(serverStatusRecord);
      if (server === undefined) return success({ servers: statuses });
      const found = statuses.filter((status) => status.name === server);
      if (found.length === 0)
        return failure(new InvalidArgumentError('server', `names no configured server: ${server}`));
      return success({ servers: found });
    },
  );

  tools.register(
    'restart_server',
    {
      title: 'Restart a server',
      description:
        "An operator's restart of a downstream server (its whole process group), also out of crash_loop; answers its status once the start settled. Needs a registered agent's identity (agent_id, with agent_token once per session): who asked is kept in the status (last_restart).",
      inputSchema: {
        server: ServerNameSchema,
        agent_id: z
          .string()
          .min(1)
          .max(512)
          .describe('the registered agent asking (its identity is required)'),
        agent_token: z.string().optional().describe("the agent's token, once per MCP session"),
      },
      outputSchema: { server: z.object(ServerStatusShape) },
      annotations: changes({ destructive: false, idempotent: false }),
      handledBy: HANDLED_BY,
      caller: 'agent_id',
    },
    async ({ server }, call) => {
      // The registry proved the agent (or refused the call): a restart always says who asked.
      const requestedBy = call.actingAs;
      if (requestedBy === null)
        return failure(new InvalidArgumentError('agent_id', 'restarting a server needs an agent identity'));
      return success({ server: serverStatusRecord(await gateway.restartServer(server, { requestedBy })) });
    },
  );

  tools.register(
    'route_request',
    {
      title: 'Route a request',
      description:
        'Call a downstream tool (its own name, not the <server>__<tool> one) on a vendor — a provider group, or a server pinned by name — or on a server offering a capability (by its `capabilities` or `tags`); failover as for proxied tools. Give exactly one of vendor and capability.',
      inputSchema: {
        vendor: z.string().min(1).max(64).optional().describe('a provider group, or a server by name'),
        capability: z.string().min(1).max(64).optional().describe('a capability or tag a server declares'),
        tool: z.string().min(1).max(128).describe("the tool's downstream name"),
        arguments: z.record(z.string(), z.unknown()).optional().describe('the arguments of the tool'),
      },
      outputSchema: RoutedCallShape,
      annotations: changes({ destructive: true, idempotent: false }),
      handledBy: HANDLED_BY,
    },
    async ({ vendor, capability, tool, arguments: args = {} }, call) => {
      if ((vendor === undefined) === (capability === undefined)) {
        return failure(new InvalidArgumentError('vendor', 'give exactly one of vendor and capability'));
      }
      const options = { signal: call.signal };
      const answer = await traceGatewayCall(
        tool,
        () =>
          vendor !== undefined
            ? gateway.route(vendor, tool, args, options)
            : gateway.routeByCapability(capability as string, tool, args, options),
        (answered) => answered.result.isError === true,
      );
      return success(routedCallRecord(answer));
    },
  );

  tools.register(
    'discover_capabilities',
    {
      title: 'Discover capabilities',
      description:
        'What each downstream server offers: its provider group, tags, capabilities, state, health and exposed tool names.',
      inputSchema: {},
      outputSchema: CapabilityShape,
      annotations: READS,
      handledBy: HANDLED_BY,
    },
    async () => success(capabilityRecord(await gateway.discoverCapabilities())),
  );
}
