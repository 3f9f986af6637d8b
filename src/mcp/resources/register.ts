/**
 * Troupe's MCP resources, wired in: the catalog (`catalog.ts`), the `resources` capability
 * with `subscribe` and `listChanged`, the `resources/subscribe` / `resources/unsubscribe`
 * handlers, and the notifications:
 *
 * - `notifications/resources/list_changed` after a tool call through this server that adds
 *   or removes a listed resource (see `change-notices.ts`);
 * - `notifications/resources/updated` for a subscribed URI: an inbox on every message
 *   posted to it, from any sender (pushed by `InboxPush`), the other resources after a tool
 *   call that changed them, through this session or another session of the same runtime.
 *
 * Closing the server ends every inbox follow.
 */
import {
  ErrorCode,
  McpError,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ObservedMcpServer } from '../tool-events.js';
import { registerResourceCatalog } from './catalog.js';
import { changeOf } from './change-notices.js';
import { InboxPush } from './inbox-push.js';
import type { ResourceSources } from './sources.js';
import { normalizeUri, parseUri, type ResourceName, uriOf } from './uris.js';

export function registerResources(server: ObservedMcpServer, sources: ResourceSources): void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  registerResourceCatalog(server, sources);

  const subscribed = new Set<string>();
  // Notifications are best effort: a host gone away is no error of the call that caused them.
  const updated = (uri: string) => {
    const normal = normalizeUri(uri);
    if (normal === null || !subscribed.has(normal) || !server.isConnected()) return;
    server.server.sendResourceUpdated({ uri: normal }).catch(() => {});
  };
  const push = new InboxPush(sources.watch, (agentId) => updated(uriOf('inbox', agentId)));
  const inboxOf = (name: ResourceName) =>
    name.kind === 'instance' && name.template === 'inbox' ? name.id : null;
  const resolve = (uri: string): [string, ResourceName] => {
    const name = parseUri(uri);
    const normal = normalizeUri(uri);
    if (!name || normal === null) {
      throw new McpError(ErrorCode.InvalidParams, `no troupe resource is named ${uri}`, { uri });
    }
    return [normal, name];
  };

  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const [uri, name] = resolve(request.params.uri);
    const inbox = inboxOf(name);
    if (inbox !== null) await push.start(inbox);
    subscribed.add(uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    const [uri, name] = resolve(request.params.uri);
    subscribed.delete(uri);
    const inbox = inboxOf(name);
    if (inbox !== null) push.stop(inbox);
    return {};
  });

  const stopHearing = server.onToolSucceeded((call) => {
    const change = changeOf(call);
    if (change.listChanged && server.isConnected()) server.server.sendResourceListChanged().catch(() => {});
    for (const uri of change.updated) updated(uri);
  });
  const closed = server.server.onclose;
  server.server.onclose = () => {
    stopHearing();
    push.close();
    closed?.();
  };
}
