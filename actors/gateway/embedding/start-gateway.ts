/**
 * `startGateway(system, config, options?)`: the gateway as supervised actors of a running
 * actor system — the directory (id `gateway` unless told otherwise) and one server actor
 * per configured server — and the {@link Gateway} handle a Node service uses. One gateway
 * per id per runtime: every agent and host of the runtime shares its servers' processes.
 *
 * `config` is a normalized config (`loadGatewayConfig`, `parseGatewayConfig`) or the
 * content of a config file (`{ mcpServers: { … } }`), validated here. With `acquireLease`,
 * tools with a `lock_argument` are called under troupe's lease on that argument's value
 * (`lease-bridge.ts`). With `orchestration: false` (troupe's `--mode disabled`) it is a
 * plain gateway: no result cached, no lease taken — routing, failover and the servers'
 * limits stay, since they are the servers' config.
 */
import type { ActorRef, ActorSystem, Receiver } from '../../../src/kernel/index.js';
import { configToWire, isGatewayConfig } from '../config/config-wire.js';
import { parseGatewayConfig } from '../config/gateway-config-schema.js';
import type { GatewayConfig } from '../config/server-config.js';
import { GatewayDirectory } from '../directory/directory-actor.js';
import { type DirectoryMsg, GATEWAY_ACTOR_ID, type LeaseRequest } from '../directory/directory-messages.js';
import { Gateway } from './gateway.js';
import { parseStartOptions, type StartGatewayOptions } from './gateway-options.js';
import { createLeaseBridge } from './lease-bridge.js';

export async function startGateway(
  system: ActorSystem,
  config: GatewayConfig | unknown,
  options: StartGatewayOptions = {},
): Promise<Gateway> {
  const parsed = parseStartOptions(options);
  const env = parsed.env ?? process.env;
  const parseConfig = (content: unknown): GatewayConfig =>
    isGatewayConfig(content) ? content : parseGatewayConfig(content, { env });
  const initial = parseConfig(config);
  const orchestration = parsed.orchestration !== false;
  const leases: Receiver<LeaseRequest> | undefined =
    orchestration && parsed.acquireLease ? createLeaseBridge(system, parsed.acquireLease) : undefined;
  const { graceMs, clientInfo, unhealthyChecksBeforeRestart, cache, startStaggerMs } = parsed;
  let ref: ActorRef<DirectoryMsg>;
  try {
    ref = await system.spawn(GatewayDirectory, {
      id: parsed.id ?? GATEWAY_ACTOR_ID,
      args: {
        config: configToWire(initial),
        options: {
          servers: {
            ...(parsed.env ? { env: { ...parsed.env } } : {}),
            ...(graceMs === undefined ? {} : { graceMs }),
            ...(clientInfo ? { clientInfo } : {}),
            ...(unhealthyChecksBeforeRestart === undefined ? {} : { unhealthyChecksBeforeRestart }),
          },
          ...(cache ? { cache } : {}),
          ...(startStaggerMs === undefined ? {} : { startStaggerMs }),
          ...(orchestration ? {} : { orchestration }),
          ...(leases ? { leases: leases.ref } : {}),
        },
      },
    });
  } catch (error) {
    leases?.close();
    throw error;
  }
  const gateway = new Gateway(system, ref, initial, parsed, parseConfig, leases ? [leases] : []);
  if (parsed.waitForServers !== false) await gateway.settled();
  return gateway;
}

/** The directory of the gateway running in `system` (for actors that call tools through it). */
export function gatewayRef(system: ActorSystem, id: string = GATEWAY_ACTOR_ID): ActorRef<DirectoryMsg> {
  return system.refOf<DirectoryMsg>(id);
}
