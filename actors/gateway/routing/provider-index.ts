/**
 * Which servers can answer which tool. Servers that name the same `provider` form a group
 * that offers the union of their tools under the group's name; a server without a
 * provider is a group of one under its own name. A tool offered by only some members of
 * a group is routed to those only. When members list one tool with different schemas,
 * the first member in name order is the one described (and the difference reported).
 *
 * `route_request(vendor, tool, params)` (seed 001) names a vendor: a group name routes
 * within the group, a server's name pins the call to that server.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { canonicalJson } from '../canonical-json.js';

export interface ServerOffer {
  readonly server: string;
  readonly provider?: string;
  readonly tools: readonly Tool[];
}

export interface RoutedTool {
  readonly group: string;
  /** The tool as the group describes it. */
  readonly tool: Tool;
  /** Members offering it, in name order. */
  readonly servers: readonly string[];
  /** Members listing the tool with other schemas than `tool`'s. */
  readonly mismatched: readonly string[];
}

export class ProviderIndex {
  readonly #groups = new Map<string, Map<string, RoutedTool>>();
  readonly #groupOfServer = new Map<string, string>();
  readonly #offers = new Map<string, ServerOffer>();

  constructor(offers: Iterable<ServerOffer>) {
    const sorted = [...offers].sort((a, b) => (a.server < b.server ? -1 : a.server > b.server ? 1 : 0));
    for (const offer of sorted) {
      const group = offer.provider ?? offer.server;
      this.#groupOfServer.set(offer.server, group);
      this.#offers.set(offer.server, offer);
      let tools = this.#groups.get(group);
      if (!tools) {
        tools = new Map();
        this.#groups.set(group, tools);
      }
      for (const tool of offer.tools) {
        const known = tools.get(tool.name);
        if (!known) {
          tools.set(tool.name, { group, tool, servers: [offer.server], mismatched: [] });
          continue;
        }
        const mismatched = sameSchemas(known.tool, tool)
          ? known.mismatched
          : [...known.mismatched, offer.server];
        tools.set(tool.name, { ...known, servers: [...known.servers, offer.server], mismatched });
      }
    }
  }

  /** Every group with its tools. */
  groups(): IterableIterator<[string, ReadonlyMap<string, RoutedTool>]> {
    return this.#groups.entries();
  }

  groupOf(server: string): string | undefined {
    return this.#groupOfServer.get(server);
  }

  /** Where a call of `tool` on `vendor` (a group, or a server pinned by name) may go. */
  resolve(vendor: string, tool: string): RoutedTool | undefined {
    const routed = this.#groups.get(vendor)?.get(tool);
    if (routed) return routed;
    const group = this.#groupOfServer.get(vendor);
    const pinned = group === undefined ? undefined : this.#groups.get(group)?.get(tool);
    if (!pinned?.servers.includes(vendor)) return undefined;
    const own = this.#offers.get(vendor)?.tools.find((candidate) => candidate.name === tool) ?? pinned.tool;
    return { group: pinned.group, tool: own, servers: [vendor], mismatched: [] };
  }
}

function sameSchemas(a: Tool, b: Tool): boolean {
  return (
    canonicalJson(a.inputSchema) === canonicalJson(b.inputSchema) &&
    canonicalJson(a.outputSchema ?? null) === canonicalJson(b.outputSchema ?? null)
  );
}
