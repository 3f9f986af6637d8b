/**
 * What the web inspector's page reads: every `troupe inspect` view at once, read by the same
 * readers (`../inspect/views.ts`) over an MCP session on the runtime — the same resources and
 * tools any MCP host reads, no second data path. The session is opened on the first read by
 * `connect`: in-process for `troupe serve --http` (`sessionConnector`), through the data dir's
 * endpoint for `troupe inspect --web`.
 *
 * Two ways to read. `read` answers once (`GET /inspector/state`); reads are shared: a read
 * asked while one is under way, or within `FRESH_MS` of the last, gets that one. `follow`
 * pushes (`GET /inspector/events`): a snapshot at once, then one whenever the session hears
 * that `troupe://waits`, `troupe://locks` or `troupe://agents` changed (it subscribes to
 * them), and every `TICK_MS` for the rest (heartbeat ages, the tree, runs, servers). A change
 * that comes during a read is read again right after it, and only the views it changes are
 * read and pushed: a deadlock reaches the page in the time of one read of the wait-for graph
 * and the locks, not a poll's. Ten open pages cost the runtime what one does: followers of one
 * reader share its reads (per reading agent: a workflow run is its starter's, so the page may
 * read as an agent, as `troupe inspect --agent` does). A view that cannot be read (a mode
 * without its tools, a runtime without a gateway) is reported in its slot with the reason;
 * the other views are still shown. It owns the reading, not the page or the routes.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { SessionFactory } from '../http/http-sessions.js';
import { VIEWS, type ViewName } from '../inspect/inspect-usage.js';
import { type ReadingAgent, readView, type ViewData } from '../inspect/views.js';

/** A read this recent is served again rather than read anew. */
const FRESH_MS = 200;
/** Readers whose last read is kept. */
const MAX_READERS = 32;
/** A followed reader is read at least this often (what no resource announces). */
export const TICK_MS = 1_000;
/** The resources whose changes are pushed to followers at once, and the views each changes. */
const FOLLOWED = new Map<string, readonly ViewName[]>([
  ['troupe://waits', ['waits', 'locks']],
  ['troupe://locks', ['locks']],
  ['troupe://agents', ['agents']],
]);

/** One view's slot: its data, or why it could not be read. */
export type ViewSlot = ViewData | { readonly view: ViewName; readonly error: string };

export interface InspectorSnapshot {
  /** When the views were read (ISO-8601). */
  readonly at: string;
  readonly views: readonly ViewSlot[];
}

/** What a follower is pushed: a snapshot, or why none could be read (the runtime went away). */
export type FeedUpdate =
  | { readonly kind: 'snapshot'; readonly snapshot: InspectorSnapshot }
  | { readonly kind: 'trouble'; readonly reason: string };

export interface SnapshotReader {
  /** Every view, read anonymously or as `agent` (its workflow runs). */
  read(agent?: ReadingAgent | null): Promise<InspectorSnapshot>;
  /** `onSnapshot` now and on every change (see above) until the returned stop is called. */
  follow(agent: ReadingAgent | null, onUpdate: (update: FeedUpdate) => void): () => void;
  close(): Promise<void>;
}

/** Opens the MCP session the reader reads over. */
export type ClientConnector = () => Promise<Client>;

/** A session of this process's runtime, through a linked pair of in-memory transports. */
export function sessionConnector(createSession: SessionFactory): ClientConnector {
  return async () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createSession().connect(serverSide);
    const connected = new Client({ name: 'troupe-web-inspector', version: '0.1.0' });
    await connected.connect(clientSide);
    return connected;
  };
}

/** The followers of one reader and how their reads go. */
interface Feed {
  readonly agent: ReadingAgent | null;
  readonly listeners: Set<(update: FeedUpdate) => void>;
  reading: boolean;
  /** The views to read next: those changed since the last read began. */
  readonly stale: Set<ViewName>;
  tick: ReturnType<typeof setInterval> | null;
}

export function createSnapshotReader(connect: ClientConnector, now: () => number = Date.now): SnapshotReader {
  let client: Promise<Client> | null = null;
  /** By reader (agent id and token; '' for anonymous): the read under way, and the last one. */
  const pending = new Map<string, Promise<InspectorSnapshot>>();
  const last = new Map<string, { readonly snapshot: InspectorSnapshot; readonly readAt: number }>();
  const feeds = new Map<string, Feed>();

  const changed = (uri: string) => {
    const views = FOLLOWED.get(uri) ?? VIEWS;
    for (const feed of feeds.values()) void push(feed, views);
  };

  const session = (): Promise<Client> => {
    if (client) return client;
    const opening: Promise<Client> = connect()
      .then(async (connected) => {
        // A session lost (the runtime went away) is opened anew on the next read.
        connected.onclose = () => {
          if (client === opening) client = null;
        };
        connected.setNotificationHandler(ResourceUpdatedNotificationSchema, (notice) =>
          changed(notice.params.uri),
        );
        // A runtime without a detector (or of another version) refuses some: the tick reads those.
        await Promise.all(
          [...FOLLOWED.keys()].map((uri) => connected.subscribeResource({ uri }).catch(() => undefined)),
        );
        return connected;
      })
      .catch((error: unknown) => {
        if (client === opening) client = null;
        throw error;
      });
    client = opening;
    return opening;
  };

  /** The `views` named (every view by default), read at once. */
  const readAll = async (
    agent: ReadingAgent | null,
    names: readonly ViewName[] = VIEWS,
  ): Promise<InspectorSnapshot> => {
    const reading = await session();
    const at = now();
    const views = await Promise.all(
      names.map((view) =>
        readView(reading, view, agent).catch(
          (error: unknown): ViewSlot => ({
            view,
            error: error instanceof Error ? error.message : String(error),
          }),
        ),
      ),
    );
    return { at: new Date(at).toISOString(), views };
  };

  const keyOf = (agent: ReadingAgent | null) =>
    agent === null ? '' : `${agent.agentId}\u0000${agent.token ?? ''}`;

  /** A read for `agent`, shared with any under way; `fresh` skips the last read however recent. */
  const shared = (agent: ReadingAgent | null, fresh: boolean): Promise<InspectorSnapshot> => {
    const key = keyOf(agent);
    const underWay = pending.get(key);
    if (underWay) return underWay;
    const previous = last.get(key);
    if (!fresh && previous && now() - previous.readAt < FRESH_MS) return Promise.resolve(previous.snapshot);
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
  };

  /**
   * Read `views` for a feed's followers (a snapshot of only those: the page redraws the views
   * it is given); a change during the read makes one more read, of what changed, after it.
   */
  const push = async (feed: Feed, views: readonly ViewName[]): Promise<void> => {
    for (const view of views) feed.stale.add(view);
    if (feed.reading) return;
    feed.reading = true;
    try {
      while (feed.stale.size > 0 && feed.listeners.size > 0) {
        const names = VIEWS.filter((view) => feed.stale.has(view));
        feed.stale.clear();
        const update = await (names.length === VIEWS.length
          ? shared(feed.agent, true)
          : readAll(feed.agent, names)
        ).then(asUpdate, asTrouble);
        for (const listener of feed.listeners) listener(update);
      }
    } finally {
      feed.reading = false;
    }
  };

  return {
    read: (agent = null) => shared(agent, false),
    follow(agent, onUpdate) {
      const key = keyOf(agent);
      let feed = feeds.get(key);
      if (!feed) {
        const created: Feed = { agent, listeners: new Set(), reading: false, stale: new Set(), tick: null };
        created.tick = setInterval(() => void push(created, VIEWS), TICK_MS);
        feeds.set(key, created);
        feed = created;
      }
      const followed = feed;
      followed.listeners.add(onUpdate);
      void shared(agent, false)
        .then(asUpdate, asTrouble)
        .then((update) => {
          if (followed.listeners.has(onUpdate)) onUpdate(update);
        });
      return () => {
        followed.listeners.delete(onUpdate);
        if (followed.listeners.size > 0) return;
        if (followed.tick) clearInterval(followed.tick);
        feeds.delete(key);
      };
    },
    async close() {
      for (const feed of feeds.values()) if (feed.tick) clearInterval(feed.tick);
      feeds.clear();
      const open = client;
      client = null;
      if (open) await (await open.catch(() => null))?.close();
    },
  };
}

const asUpdate = (snapshot: InspectorSnapshot): FeedUpdate => ({ kind: 'snapshot', snapshot });
const asTrouble = (error: unknown): FeedUpdate => ({
  kind: 'trouble',
  reason: error instanceof Error ? error.message : String(error),
});
