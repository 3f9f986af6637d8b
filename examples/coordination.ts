/**
 * The coordination domain without MCP: start it on an in-memory system, register two
 * agents, send a message, and let one wait for the other's file lock — everything
 * `troupe serve` offers as tools is a message to one of these actors.
 *
 * Run: `npm run build && node dist/examples/coordination.js`
 */
import {
  acquireLock,
  type agents,
  createActorSystem,
  deadlockDetectorOf,
  type Outcome,
  RefusedError,
  startCoordination,
} from '../src/index.js';

const system = createActorSystem({ threads: 2 }); // add `dataDir` to keep it all in LMDB
const { registry, post, locks } = await startCoordination(system);

async function register(id: string): Promise<string> {
  const registered = await registry.ask<Outcome<{ token: string }>>({
    type: 'register',
    registration: { id, name: id, role: 'worker', modelType: 'llm', modelVersion: '1', capabilities: ['ts'] },
  });
  // Domain refusals are answers (a code and the field), not exceptions — unless you make them one.
  if (!registered.ok) throw new RefusedError(registered.error);
  return registered.value.token;
}
const ada = await register('ada');
const bob = await register('bob');

await post.ask({
  type: 'send',
  senderId: 'ada',
  token: ada,
  recipientId: 'bob',
  content: 'taking parser.ts',
});
const detector = deadlockDetectorOf(system);
const mine = await acquireLock(
  locks,
  { path: 'parser.ts', ttlS: 60, waitS: 0, agentId: 'ada', token: ada },
  detector,
);
// bob waits up to 5 s; ada lets go after 100 ms, so bob gets it.
const bobs = acquireLock(
  locks,
  { path: 'parser.ts', ttlS: 60, waitS: 5, agentId: 'bob', token: bob },
  detector,
);
setTimeout(() => void locks.ask({ type: 'release', path: 'parser.ts', agentId: 'ada', token: ada }), 100);
const inbox = await post.ask<Outcome<agents.InboxMessage[]>>({
  type: 'fetch',
  agentId: 'bob',
  token: bob,
});

process.stdout.write(
  `${JSON.stringify({ ada: mine.ok && mine.value.holder, bob: (await bobs).ok, inbox: inbox.ok && inbox.value.map((m) => m.content) })}\n`,
);
await system.shutdown();
