/**
 * The gateway config as plain data, to cross to the actors' threads (spawn arguments,
 * reload messages): the normalized {@link GatewayConfig} holds `Map`s, which a message
 * does not carry as such; here they are lists of entries, in the same order.
 */
import type { GatewayConfig, ServerConfig } from './server-config.js';

export interface ServerConfigWire extends Omit<ServerConfig, 'lockArguments'> {
  readonly lockArguments: readonly (readonly [string, string])[];
}

export interface GatewayConfigWire {
  readonly servers: readonly ServerConfigWire[];
}

export function serverToWire(config: ServerConfig): ServerConfigWire {
  return { ...config, lockArguments: [...config.lockArguments] };
}

export function serverFromWire(wire: ServerConfigWire): ServerConfig {
  return { ...wire, lockArguments: new Map(wire.lockArguments) };
}

export function configToWire(config: GatewayConfig): GatewayConfigWire {
  return { servers: [...config.servers.values()].map(serverToWire) };
}

export function configFromWire(wire: GatewayConfigWire): GatewayConfig {
  return { servers: new Map(wire.servers.map((server) => [server.name, serverFromWire(server)])) };
}

/** Is `value` a normalized config (from `parseGatewayConfig` / `loadGatewayConfig`), not file content? */
export function isGatewayConfig(value: unknown): value is GatewayConfig {
  return (
    typeof value === 'object' && value !== null && (value as { servers?: unknown }).servers instanceof Map
  );
}
