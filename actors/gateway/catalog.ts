/**
 * The gateway's catalog: what the servers offer, as callers see it — the provider groups
 * (`routing/provider-index.ts`) and the exposed names of their tools (`naming.ts`), built
 * from each server's current tool list. A catalog is immutable: build a new one when a
 * server's tools change. Both the in-process `GatewayCore` and the directory actor use it.
 *
 * Its {@link Catalog.signature} changes exactly when what a host would list changes (names,
 * descriptions, schemas, annotations), which is when `tools/list_changed` is due.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { canonicalHash } from './canonical-json.js';
import { ToolNameTable } from './naming.js';
import { ProviderIndex, type RoutedTool, type ServerOffer } from './routing/provider-index.js';

/** A downstream tool as troupe lists it: its exposed name, and who offers it. */
export interface ExposedTool {
  readonly name: string;
  /** The provider group (or the lone server) the name starts with. */
  readonly group: string;
  /** The tool as the group describes it, under its exposed name. */
  readonly tool: Tool;
  /** The members that offer it, in name order. */
  readonly servers: readonly string[];
}

export class Catalog {
  readonly index: ProviderIndex;
  readonly names: ToolNameTable;
  readonly tools: readonly ExposedTool[];
  readonly signature: string;

  constructor(offers: Iterable<ServerOffer>) {
    this.index = new ProviderIndex(offers);
    const entries = [...this.index.groups()].flatMap(([group, tools]) =>
      [...tools.keys()].map((tool) => ({ server: group, tool })),
    );
    this.names = new ToolNameTable(entries);
    const tools: ExposedTool[] = [];
    for (const [group, routed] of this.index.groups()) {
      for (const { tool, servers } of routed.values()) {
        const name = this.names.exposedName(group, tool.name);
        if (name !== undefined) tools.push({ name, group, tool: { ...tool, name }, servers });
      }
    }
    this.tools = tools;
    this.signature = canonicalHash(tools.map(({ tool }) => tool));
  }

  /** The route behind an exposed name, or undefined. */
  resolveExposed(exposedName: string): RoutedTool | undefined {
    const target = this.names.resolve(exposedName);
    return target && this.index.resolve(target.server, target.tool);
  }

  /** Seed 001's `route_request`: `vendor` is a provider group, or a server pinned by name. */
  resolve(vendor: string, tool: string): RoutedTool | undefined {
    return this.index.resolve(vendor, tool);
  }
}
