/**
 * The demo's runtime process: a child the demo forks (and kills with SIGKILL, and forks again)
 * that hosts the runtime on the demo's data directory — the actor system with its default
 * supervisors (deadlock detector, watchdog), the coordination domain, and the workflow engine
 * with in-process tools (`demo-workflow.ts`) and agents that do their steps after a moment.
 * Starting the engine resumes the run a killed process left unfinished.
 *
 * It answers the story's requests (`protocol.ts`) over IPC and reports step changes as they
 * happen. It owns what the runtime does, not what the story claims (`story.ts` checks that).
 *
 * argv: dataDir callLog
 */
import { appendFileSync } from 'node:fs';
import {
  type ActorSystem,
  coordination,
  createActorSystem,
  deadlockDetectorOf,
  type SystemEvent,
  startCoordination,
  workflows,
} from '../../index.js';
import { Jammer } from './demo-actors.js';
import { createDemoTools, DEMO_WORKFLOW } from './demo-workflow.js';
import {
  type AgentsRegistered,
  type ChildReport,
  DEMO_RUN_ID,
  type DemoRequest,
  type JamOutcome,
  type LockCycleOutcome,
  type RequestEnvelope,
  type RunOutcome,
} from './protocol.js';

const [dataDir, callLog] = process.argv.slice(2) as [string, string];
const AGENTS = [
  { id: 'ada', name: 'Ada', role: 'writer' },
  { id: 'bob', name: 'Bob', role: 'reviewer' },
  { id: 'cy', name: 'Cy', role: 'editor' },
] as const;
/** How long an agent takes over its step. */
const AGENT_STEP_MS = 400;
const FINAL = new Set(['completed', 'failed', 'cancelled']);

const report = (message: ChildReport) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the first event `matches` accepts, or null after `ms`. */
function nextEvent<E extends SystemEvent>(
  system: ActorSystem,
  matches: (event: SystemEvent) => event is E,
  ms: number,
): Promise<E | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(null);
    }, ms);
    const stop = system.subscribe((event) => {
      if (!matches(event)) return;
      clearTimeout(timer);
      stop();
      resolve(event);
    });
  });
}

async function main(): Promise<void> {
  const system = createActorSystem({ dataDir, threads: 2 });
  const { domain } = await startCoordination(system);
  const detector = deadlockDetectorOf(system);
  const engine = await workflows.startWorkflows(system, {
    tools: createDemoTools(callLog),
    agents: workflows.createListeningAgents((order) => {
      const agent = order.agentId ?? order.role ?? 'someone';
      appendFileSync(callLog, `offer ${order.step} ${order.idempotencyKey}\n`);
      report({ type: 'offered', step: order.step, agent });
      setTimeout(() => {
        void workflows
          .reportStepCompletion(system, {
            runId: order.runId,
            step: order.step,
            attempt: order.attempt,
            ...(order.child === undefined ? {} : { child: order.child }),
            result: { by: agent, step: order.step },
          })
          .catch(() => {});
      }, AGENT_STEP_MS);
    }),
  });
  engine.listen((message) => {
    if (message.type === 'progress')
      report({
        type: 'step',
        step: message.step,
        ...(message.child === undefined ? {} : { child: message.child }),
        status: message.status,
        attempt: message.attempt,
      });
  });

  const handlers: { readonly [K in DemoRequest['type']]: () => Promise<unknown> } = {
    'register-agents': async (): Promise<AgentsRegistered> => {
      for (const agent of AGENTS) {
        const registered = await coordination.registerAgent(domain, coordination.ANONYMOUS, {
          ...agent,
          modelType: 'llm',
          modelVersion: 'demo',
          capabilities: ['ts'],
        });
        if (!registered.ok) throw new Error(`${agent.id}: ${registered.error.message}`);
      }
      const found = await coordination.findAgents(domain, {}, { limit: 10 });
      if (!found.ok) throw new Error(found.error.message);
      return { agents: found.value.items.map((agent) => ({ id: agent.id, role: agent.role })) };
    },
    'start-run': async () => {
      await workflows.defineWorkflow(system, DEMO_WORKFLOW);
      await workflows.startWorkflowRun(system, DEMO_WORKFLOW.name, {}, {}, { runId: DEMO_RUN_ID });
      return { runId: DEMO_RUN_ID };
    },
    'lock-cycle': async (): Promise<LockCycleOutcome> => {
      const options = detector ? { detector } : {};
      const as = coordination.agentCaller;
      const hold = async (agent: string, filePath: string) => {
        const lease = await coordination.acquireFileLock(system, as(agent), { filePath }, options);
        if (!lease.ok) throw new Error(`${agent} could not take ${filePath}: ${lease.error.message}`);
      };
      await hold('ada', 'src/a.ts');
      await hold('bob', 'src/b.ts');
      // Each now waits for the other's file: the second wait closes the cycle.
      const adaWaits = coordination.acquireFileLock(
        system,
        as('ada'),
        { filePath: 'src/b.ts', waitS: 10 },
        options,
      );
      await sleep(50);
      const bobWaits = coordination.acquireFileLock(
        system,
        as('bob'),
        { filePath: 'src/a.ts', waitS: 10 },
        options,
      );
      const victim = await Promise.race([
        adaWaits.then((outcome) => ({
          agent: 'ada',
          other: 'bob',
          mine: 'src/a.ts',
          outcome,
          rest: bobWaits,
        })),
        bobWaits.then((outcome) => ({
          agent: 'bob',
          other: 'ada',
          mine: 'src/b.ts',
          outcome,
          rest: adaWaits,
        })),
      ]);
      const refusal = victim.outcome.ok
        ? null
        : { code: victim.outcome.error.code, message: victim.outcome.error.message };
      // The victim gives its own file up: the other's wait is granted.
      await coordination.releaseFileLock(system, as(victim.agent), { filePath: victim.mine });
      const survivor = await victim.rest;
      for (const agent of ['ada', 'bob'])
        for (const filePath of ['src/a.ts', 'src/b.ts'])
          await coordination.releaseFileLock(system, as(agent), { filePath });
      return {
        refusal,
        cycle: detector?.deadlocks().at(-1)?.cycle ?? [],
        survivorGranted: survivor.ok,
      };
    },
    jam: async (): Promise<JamOutcome> => {
      const started = Date.now();
      const jammer = await system.spawn(Jammer, { id: 'jammer' });
      const jammed = nextEvent(
        system,
        (event): event is Extract<SystemEvent, { type: 'thread-jammed' }> =>
          event.type === 'thread-jammed' && event.actorId === 'jammer',
        15_000,
      );
      const replaced = nextEvent(
        system,
        (event): event is Extract<SystemEvent, { type: 'worker-replaced' }> =>
          event.type === 'worker-replaced',
        15_000,
      );
      const restarted = nextEvent(
        system,
        (event): event is Extract<SystemEvent, { type: 'actor-restarted' }> =>
          event.type === 'actor-restarted' && event.id === 'jammer',
        30_000,
      );
      const spun = Date.now();
      jammer.tell({ type: 'spin' });
      const since = (event: Promise<SystemEvent | null>) =>
        event.then((found) => (found === null ? null : Date.now() - spun));
      const [jam, replacement, jamMs, replacedMs] = await Promise.all([
        jammed,
        replaced,
        since(jammed),
        since(replaced),
        restarted,
      ]);
      const answeredAfter = await jammer.ask({ type: 'ping' }, { timeoutMs: 10_000 }).then(
        () => true,
        () => false,
      );
      return {
        jammedThread: jam?.thread ?? null,
        replacedThread: replacement?.thread ?? null,
        answeredAfter,
        jamMs,
        replacedMs,
        ms: Date.now() - started,
      };
    },
    'signal-run': async () => {
      await workflows.signalWorkflow(system, DEMO_RUN_ID, 'ship');
      return {};
    },
    'await-run': async (): Promise<RunOutcome> => {
      for (;;) {
        const { result } = await workflows.getWorkflowRun(system, DEMO_RUN_ID);
        if (FINAL.has(result.status))
          return {
            status: result.status,
            steps: result.steps.map((step) => ({
              name: step.name,
              status: step.status,
              ...(step.children ? { children: step.children.length } : {}),
            })),
            output: result.steps.find((step) => step.name === 'publish')?.output ?? null,
          };
        await sleep(50);
      }
    },
    'tree-size': async () => {
      const tree = await system.inspect();
      const count = (nodes: typeof tree.children): number =>
        nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);
      return { actors: count(tree.children), incidents: tree.incidents.length };
    },
  };

  process.on('message', (message: RequestEnvelope) => {
    // Only the story's own requests: a name the handlers do not own is refused, not looked up.
    const handle = Object.hasOwn(handlers, message.type)
      ? handlers[message.type]
      : () => Promise.reject(new Error(`no such request: ${String(message.type)}`));
    handle().then(
      (value) => report({ type: 'reply', id: message.id, ok: true, value }),
      (error: unknown) =>
        report({
          type: 'reply',
          id: message.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  // The demo ending (or dying) closes the channel: the runtime stops with it.
  process.once('disconnect', () => {
    void system.shutdown().then(() => process.exit(0));
  });
  report({ type: 'ready', pid: process.pid, resumed: engine.resumed, threads: system.options.threads });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo runtime failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
