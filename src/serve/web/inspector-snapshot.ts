/**
 * What the web inspector's page polls: every `troupe inspect` view at once, read by the same
 * readers (`../inspect/views.ts`) over an MCP session on the runtime — the same resources and
 * tools any MCP host reads, no second data path. The session is in-process (a linked pair of
 * in-memory transports to a session from the host's factory), opened on the first read.
 *
 * Reads are shared: a poll that arrives while a read is under way, or within `FRESH_MS` of
 * the last one, gets that read — ten open pages cost the runtime what one does (per reading
 * agent: a workflow run is its starter's, so the page may read as an agent, as
 * `troupe inspect --agent` does, and each agent's reads are its own). A view that
 * cannot be read (a mode without its tools, a runtime without a gateway) is reported in its
 * slot with the reason; the other views are still shown. It owns the reading, not the page
 * or the route (`inspector-routes.ts`).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { SessionFactory } from '../http/http-sessions.js';
import { VIEWS, type ViewName } from '../inspect/inspect-usage.js';
import { type ReadingAgent, readView, type ViewData } from '../inspect/views.js';

/** A read this recent is served again rather than read anew. */
const FRESH_MS = 200;
/** Readers whose last read is kept. */
const MAX_READERS = 32;

/** One view's slot: its data, or why it could not be read. */
export type ViewSlot = ViewData | { readonly view: ViewName; readonly error: string };

export interface InspectorSnapshot {
  /** When the views were read (ISO-8601). */
  readonly at: string;
  readonly views: readonly ViewSlot[];
}

export interface SnapshotReader {
  /** Every view, read anonymously or as `agent` (its workflow runs). */
  read(agent?: ReadingAgent | null): Promise<InspectorSnapshot>;
  close(): Promise<void>;
}

export function createSnapshotReader(
  createSession: SessionFactory,
  now: () => number = Date.now,
): SnapshotReader {
  let client: Promise<Client> | null = null;
  /** By reader (agent id and token; '' for anonymous): the read under way, and the last one. */
  const pending = new Map<string, Promise<InspectorSnapshot>>();
  const last = new Map<string, { readonly snapshot: InspectorSnapshot; readonly readAt: number }>();

  const connect = async (): Promise<Client> => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createSession().connect(serverSide);
    const connected = new Client({ name: 'troupe-web-inspector', version: '0.1.0' });
    await connected.connect(clientSide);
    return connected;
  };

  const readAll = async (agent: ReadingAgent | null): Promise<InspectorSnapshot> => {
    client ??= connect().catch((error: unknown) => {
      client = null;
      throw error;
    });
    const session = await client;
    const at = now();
    const views = await Promise.all(
      VIEWS.map((view) =>
        readView(session, view, agent).catch(
          (error: unknown): ViewSlot => ({
            view,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      ),
    );
    return { at: new Date(at).toISOString(), views };
  };

  return {
    read(agent = null) {
      const key = agent === null ? '' : `${agent.agentId}\u0000${agent.token ?? ''}`;
      const underWay = pending.get(key);
      if (underWay) return underWay;
      const previous = last.get(key);
      if (previous && now() - previous.readAt < FRESH_MS) return Promise.resolve(previous.snapshot);
      const reading = readAll(agent)
        .then((snapshot) => {
          // Only the newest read per reader is kept (a page gone leaves one entry behind).
          last.delete(key);
          last.set(key, { snapshot, readAt: now() });
          if (last.size > MAX_READERS) last.delete(last.keys().next().value as string);
          return snapshot;
        })
        .finally(() => pending.delete(key));
      pending.set(key, reading);
      return reading;
    },
    async close() {
      const open = client;
      client = null;
      if (open) await (await open.catch(() => null))?.close();
    },
  };
}
