/**
 * Troupe's MCP resources, wired in: the catalog (`catalog.ts`), the `resources` capability
 * with `subscribe` and `listChanged`, the `resources/subscribe` / `resources/unsubscribe`
 * handlers, and the notifications:
 *
 * - `notifications/resources/list_changed` after a tool call through this server that adds
 *   or removes a listed resource (see `change-notices.ts`);
 * - `notifications/resources/updated` for a subscribed URI: an inbox on every message
 *   posted to it, from any sender, an agent on every change of its record, a task on every
 *   change, and `troupe://locks` on every change of the live leases, whatever caused them —
 *   silence, expiry and re-queueing included
 *   (pushed by `ChangePush`), a workflow run on every step change (the workflow engine tells
 *   the change watch); the other resources after a tool
 *   call that changed them, through this session or another session of the same runtime;
 *   `troupe://alerts` on every firing and resolution of an alert rule; `troupe://waits` on
 *   every change of the wait-for graph or of the deadlocks broken (at most every
 *   `WAITS_NOTICE_MS`, the first change at once: `coalesced-notice.ts`).
 *
 * Subscribing to an inbox or a session is checked as reading it is (`access.ts`); a session
 * that stops acting for an agent (deregistered) stops hearing of its inbox. Closing the
 * server ends every inbox follow.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { readTaskFor } from '../../../actors/coordination/tasks/task-access.js';
import { isAgentInScope, tenantScopeOf } from '../../../actors/coordination/tenancy.js';
import type { AlertEngine } from '../alerts/alert-engine.js';
import { INVALID_PARAMS, protocolError } from '../protocol/errors.js';
import type { ToolCallHub } from '../tool-events.js';
import { assertActsFor, assertActsForOneOf, type ResourceAccess, readerOf } from './access.js';
import { membersOf, registerResourceCatalog } from './catalog.js';
import { changeOf } from './change-notices.js';
import { ChangePush } from './change-push.js';
import { createCoalescedNotice } from './coalesced-notice.js';
import type { ResourceSources } from './sources.js';
import { FIXED_URIS, normalizeUri, parseUri, type ResourceName, uriOf } from './uris.js';
import { assertMayReadRun, registerWorkflowResources } from './workflows.js';

/** `troupe://waits` is announced at most this often (asks between actors change it all the time). */
export const WAITS_NOTICE_MS = 100;

/** What tells of changes to the wait-for graph (the deadlock detector). */
export interface WaitsChanges {
  onChange(listener: () => void): () => void;
}

export function registerResources(
  server: McpServer,
  sources: ResourceSources,
  hub: ToolCallHub,
  access: ResourceAccess,
  alerts?: AlertEngine,
  waits?: WaitsChanges,
): void {
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  registerResourceCatalog(server, sources, access);
  registerWorkflowResources(server, sources.system, access);

  const subscribed = new Set<string>();
  // Only a session whose client has initialized may be sent notifications (a shared hub hears
  // of other sessions' calls before this one's handshake, too).
  const open = () => server.isConnected() && server.server.getClientCapabilities() !== undefined;
  // Notifications are best effort: a host gone away is no error of the call that caused them.
  const updated = (uri: string) => {
    const normal = normalizeUri(uri);
    if (normal === null || !subscribed.has(normal) || !open()) return;
    server.server.sendResourceUpdated({ uri: normal }).catch(() => {});
  };
  const pushes = {
    inbox: new ChangePush(sources.watch, 'inbox', (id) => updated(uriOf('inbox', id))),
    agent: new ChangePush(sources.watch, 'agent', (id) => {
      if (isAgentInScope(sources.system, tenantScopeOf(sources.system, readerOf(access)), id))
        updated(uriOf('agent', id));
    }),
    locks: new ChangePush(sources.watch, 'locks', () => updated(FIXED_URIS.locks)),
    task: new ChangePush(sources.watch, 'task', (id) => {
      if (readTaskFor(sources.system, id, readerOf(access))) updated(uriOf('task', id));
    }),
    run: new ChangePush(sources.watch, 'run', (id) => updated(uriOf('run', id))),
  };
  /** The push that follows this resource, and its key (sessions, workflows, health and the tree are announced after tool calls). */
  const pushOf = (name: ResourceName) => {
    if (name.kind === 'instance' && name.template !== 'session' && name.template !== 'workflow')
      return { push: pushes[name.template], key: name.id };
    return name.kind === 'fixed' && name.uri === FIXED_URIS.locks ? { push: pushes.locks, key: '*' } : null;
  };
  const resolve = (uri: string): [string, ResourceName] => {
    const name = parseUri(uri);
    const normal = normalizeUri(uri);
    if (!name || normal === null) {
      throw protocolError(INVALID_PARAMS, `no troupe resource is named ${uri}`, { uri });
    }
    return [normal, name];
  };

  /**
   * Subscribing is allowed to whom may read. An agent or task may be followed before it
   * exists; another tenant's is never announced (the push checks the reader's tenant).
   */
  const assertMaySee = async (uri: string, name: ResourceName) => {
    if (name.kind !== 'instance') return;
    if (name.template === 'inbox') await assertActsFor(access, name.id, uri);
    if (name.template === 'session') {
      await assertActsForOneOf(access, await membersOf(sources, name.id, uri, readerOf(access)), uri);
    }
    if (name.template === 'run') await assertMayReadRun(sources.system, access, name.id, uri);
  };

  server.server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const [uri, name] = resolve(request.params.uri);
    await assertMaySee(uri, name);
    const followed = pushOf(name);
    if (followed) await followed.push.start(followed.key);
    subscribed.add(uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    const [uri, name] = resolve(request.params.uri);
    subscribed.delete(uri);
    const followed = pushOf(name);
    if (followed) followed.push.stop(followed.key);
    return {};
  });

  const stopHearing = hub.subscribe((call) => {
    const change = changeOf(call);
    if (change.listChanged && open()) server.server.sendResourceListChanged().catch(() => {});
    for (const uri of change.updated) updated(uri);
  });
  const stopForgetting = access.identity.onChange((change) => {
    if (change.type !== 'forgotten') return;
    const inbox = normalizeUri(uriOf('inbox', change.agentId));
    if (inbox === null || !subscribed.delete(inbox)) return;
    pushes.inbox.stop(change.agentId);
  });
  const stopAlerts = alerts?.onChange(() => updated(FIXED_URIS.alerts));
  const waitsNotice = createCoalescedNotice(() => updated(FIXED_URIS.waits), WAITS_NOTICE_MS);
  const stopWaits = waits?.onChange(() => {
    if (subscribed.has(FIXED_URIS.waits)) waitsNotice.ask();
  });
  const closed = server.server.onclose;
  server.server.onclose = () => {
    stopAlerts?.();
    stopWaits?.();
    waitsNotice.close();
    stopHearing();
    stopForgetting();
    for (const push of Object.values(pushes)) push.close();
    closed?.();
  };
}
