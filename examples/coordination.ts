/**
 * The coordination domain without MCP: start it on a system with a store, register two
 * agents, send a message, and let one wait for the other's file lock — everything
 * `troupe serve` offers as tools is one of these functions.
 *
 * Run: `npm run build && node dist/examples/coordination.js`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coordination,
  createActorSystem,
  deadlockDetectorOf,
  RefusedError,
  startCoordination,
} from '../src/index.js';

const { acquireFileLock, agentCaller, ANONYMOUS, fetchInbox, registerAgent, releaseFileLock, sendMessage } =
  coordination;

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-example-'));
const system = createActorSystem({ threads: 2, dataDir });
const { domain } = await startCoordination(system);

async function register(id: string): Promise<void> {
  const registered = await registerAgent(domain, ANONYMOUS, {
    id,
    name: id,
    role: 'worker',
    modelType: 'llm',
    modelVersion: '1',
    capabilities: ['ts'],
  });
  // Domain refusals are answers (a code and the field), not exceptions — unless you make them one.
  if (!registered.ok) throw new RefusedError(registered.error);
}
await register('ada');
await register('bob');
// The caller is who you have checked it to be (`troupe serve` checks the agent's token).
const ada = agentCaller('ada');
const bob = agentCaller('bob');

await sendMessage(domain, ada, { recipientId: 'bob', content: 'taking parser.ts' });
const detector = deadlockDetectorOf(system);
const mine = await acquireFileLock(
  system,
  ada,
  { filePath: 'parser.ts', ttlS: 60 },
  detector ? { detector } : {},
);
// bob waits up to 5 s; ada lets go after 100 ms, so bob gets it.
const bobs = acquireFileLock(
  system,
  bob,
  { filePath: 'parser.ts', ttlS: 60, waitS: 5 },
  detector ? { detector } : {},
);
setTimeout(() => void releaseFileLock(system, ada, { filePath: 'parser.ts' }), 100);
const inbox = await fetchInbox(domain, bob);

process.stdout.write(
  `${JSON.stringify({ ada: mine.ok && mine.value.holder, bob: (await bobs).ok, inbox: inbox.ok && inbox.value.items.map((m) => m.content) })}\n`,
);
await system.shutdown();
rmSync(dataDir, { recursive: true, force: true });
