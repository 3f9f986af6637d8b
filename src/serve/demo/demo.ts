/**
 * `troupe demo` (`npm run demo`): the story of `story.ts`, told by `narrator.ts`, on a runtime
 * child process over a temporary data directory (no network; removed afterwards) — then a
 * summary: what happened, the counts, where to look next. Exit code 0 only if every chapter
 * held. Live output in a terminal, plain lines otherwise (or with `CI=true`).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNarrator } from './narrator.js';
import { tellStory } from './story.js';

export async function runDemo(args: readonly string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`troupe demo: takes no arguments (got ${args.join(' ')})\n`);
    return 2;
  }
  const narrator = createNarrator(process.stdout, process.env);
  const root = await mkdtemp(join(tmpdir(), 'troupe-demo-'));
  const paths = { dataDir: join(root, 'data'), callLog: join(root, 'calls.log') };
  await writeFile(paths.callLog, '');
  // Ctrl-C: the runtime child stops when its channel closes; the temp dir goes with us.
  const interrupted = () => {
    rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  const started = Date.now();
  narrator.say('troupe demo — agents that crash, jam and deadlock, and a workflow that loses nothing\n');
  try {
    const facts = await tellStory(narrator, paths);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const allHeld = facts.chaptersHeld === facts.chapters;
    narrator.say('');
    narrator.say(
      allHeld
        ? `Every chapter held, in ${seconds} s:`
        : `Chapter ${facts.chaptersHeld + 1} of ${facts.chapters} did not hold (after ${seconds} s):`,
    );
    narrator.say(
      `  ${facts.agents} agents registered; ${facts.unitsCompleted} workflow steps completed (${facts.toolCalls} tool calls, ${facts.agentOffers} agent steps offered)`,
    );
    narrator.say(
      `  ${facts.kills} kill -9 survived, ${facts.resumedRuns} run resumed; ${facts.deadlocks} deadlock broken; ${facts.jams} jammed thread replaced`,
    );
    narrator.say('');
    narrator.say('Where to look next:');
    narrator.say(
      '  README.md — Workflows (the crash guarantee), Anti-jam rules (watchdog, deadlocks), MCP server',
    );
    narrator.say(
      '  troupe serve --data-dir ./.troupe          the same runtime, as an MCP server for your agents',
    );
    narrator.say(
      '  troupe inspect tree --data-dir ./.troupe   look inside it while it runs (also: agents, locks, waits, runs, incidents; --watch)',
    );
    return allHeld ? 0 : 1;
  } finally {
    process.off('SIGINT', interrupted);
    await rm(root, { recursive: true, force: true });
  }
}
