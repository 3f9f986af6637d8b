// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * The demo's workflow, `release-notes`, and the in-process tools its tool steps call:
 *
 * ```
 *   collect (tool) ──┬── summarize (map over 8 changes, 2 at a time, tool) ── review (agent bob) ──┐
 *                    └── outline (agent ada) ─────────────────────────────────────────────────────┼── ship (wait for the "ship" signal) ── publish (tool)
 * ```
 *
 * Every tool call appends `call <unit> <idempotency key>` to the call log (a file in the demo's
 * temp dir; a `kill -9` keeps what was written), so the demo can count how often each step ran.
 */
import { appendFileSync } from 'node:fs';
import type { ToolCallOptions, ToolFunction } from '../../../actors/workflows/index.js';

export const DEMO_WORKFLOW = {
  name: 'release-notes',
  version: '1',
  steps: [
    { name: 'collect', tool: 'demo.collect', input: {}, idempotent: true },
    {
      name: 'summarize',
      depends_on: ['collect'],
      map: {
        over: '${steps.collect.output.changes}',
        concurrency: 2,
        step: {
          tool: 'demo.summarize',
          input: { change: '${item}' },
          idempotent: true,
          retry: { maximumAttempts: 5, initialInterval: '50ms' },
        },
      },
    },
    {
      name: 'outline',
      assigned_agent_id: 'ada',
      depends_on: ['collect'],
      input: { changes: '${steps.collect.output.changes}' },
    },
    {
      name: 'review',
      assigned_agent_id: 'bob',
      depends_on: ['summarize'],
      input: { summaries: '${steps.summarize.output}' },
    },
    { name: 'ship', wait: { signal: 'ship' }, depends_on: ['review', 'outline'] },
    {
      name: 'publish',
      tool: 'demo.publish',
      depends_on: ['ship'],
      input: { outline: '${steps.outline.output}' },
      idempotent: true,
    },
  ],
} as const;

export const DEMO_CHANGES = [
  'lock leases',
  'deadlock detector',
  'watchdog',
  'durable inboxes',
  'workflow retries',
  'gateway health',
  'session proxy',
  'inspect command',
] as const;

/** How long one summary takes: slow enough that the demo's `kill -9` lands mid-map. */
const SUMMARY_MS = 450;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The unit a call is for (`summarize[3]`), from its idempotency key `<run>:<unit>:<attempt>`. */
export function unitOfKey(key: string): string {
  const parts = key.split(':');
  return parts.slice(1, -1).join(':');
}

export function createDemoTools(callLog: string): Record<string, ToolFunction> {
  const logged = (options: ToolCallOptions) =>
    appendFileSync(callLog, `call ${unitOfKey(options.idempotencyKey)} ${options.idempotencyKey}\n`);
  return {
    'demo.collect': (_args, options) => {
      logged(options);
      return { output: { changes: [...DEMO_CHANGES] } };
    },
    'demo.summarize': async (args, options) => {
      logged(options);
      await sleep(SUMMARY_MS, options.signal);
      const change = (args as { readonly change?: unknown }).change;
      return { output: `${String(change)}: summarized` };
    },
    'demo.publish': (_args, options) => {
      logged(options);
      return { output: { published: 'release-notes.md' } };
    },
  };
}
