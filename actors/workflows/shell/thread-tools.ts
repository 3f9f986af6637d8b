/**
 * Thread tools: tool functions that every worker thread can load from a module, so that a tool
 * step is carried out on its run's own thread — no hop to the main thread and back. A service
 * declares them once, exported from a module:
 *
 *   export const myTools = defineThreadTools({ module: import.meta.url, name: 'myTools', tools: { inc } });
 *   await startWorkflows(system, { threadTools: [myTools] });
 *
 * Each thread's tool runner (tool-runner.ts) imports the module by URL and takes the export
 * `name`; the main thread calls the same functions when no runner is on a run's thread (yet).
 * This file also keeps the one registry each thread has: which runner is on it and which tool
 * names it carries out (`localToolRunner`), so the run actors of the thread route to it.
 *
 * Not here: carrying out an attempt (tool-attempt.ts), the runner actor (tool-runner.ts).
 */
import { type ActorRef, InvalidArgumentError } from '../../../src/kernel/index.js';
import type { ToolFunction } from './step-tools.js';
import type { ToolRunnerMsg } from './tool-runner-messages.js';

const threadToolsTag: unique symbol = Symbol.for('troupe.workflows.threadTools');

/** Where a thread finds a module's tools: the module's URL and the name it exports them under. */
export interface ThreadToolsRef {
  readonly module: string;
  readonly name: string;
}

export interface ThreadTools extends ThreadToolsRef {
  readonly tools: Readonly<Record<string, ToolFunction>>;
  readonly [threadToolsTag]: true;
}

/** Declare tool functions a worker thread can load: export the result under `name` from `module`. */
export function defineThreadTools(spec: {
  readonly module: string;
  readonly name: string;
  readonly tools: Readonly<Record<string, ToolFunction>>;
}): ThreadTools {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('spec', 'must be an object');
  if (typeof spec.module !== 'string' || !spec.module.startsWith('file:'))
    throw new InvalidArgumentError('module', 'must be the file: URL of the module (import.meta.url)');
  if (typeof spec.name !== 'string' || !/^[A-Za-z_$][\w$]{0,199}$/.test(spec.name))
    throw new InvalidArgumentError('name', 'must be the name the module exports the tools under');
  if (typeof spec.tools !== 'object' || spec.tools === null)
    throw new InvalidArgumentError('tools', 'must be an object of tool functions by name');
  const tools: Record<string, ToolFunction> = Object.create(null);
  for (const [tool, fn] of Object.entries(spec.tools)) {
    if (typeof fn !== 'function') throw new InvalidArgumentError(`tools.${tool}`, 'must be a function');
    tools[tool] = fn;
  }
  return Object.freeze({ module: spec.module, name: spec.name, tools, [threadToolsTag]: true as const });
}

export function isThreadTools(value: unknown): value is ThreadTools {
  return typeof value === 'object' && value !== null && (value as ThreadTools)[threadToolsTag] === true;
}

/** Import each module and take its export (on a worker thread, by its runner). */
export async function loadThreadTools(refs: readonly ThreadToolsRef[]): Promise<Map<string, ToolFunction>> {
  const byName = new Map<string, ToolFunction>();
  for (const ref of refs) {
    const module = (await import(ref.module)) as Record<string, unknown>;
    const exported = module[ref.name];
    if (!isThreadTools(exported))
      throw new InvalidArgumentError(
        'threadTools',
        `${ref.module} does not export "${ref.name}" as defineThreadTools(...)`,
      );
    for (const [tool, fn] of Object.entries(exported.tools)) byName.set(tool, fn);
  }
  return byName;
}

/** Every tool function of `modules` by name; a name given twice is refused. */
export function threadToolFunctions(modules: readonly ThreadTools[]): Map<string, ToolFunction> {
  const byName = new Map<string, ToolFunction>();
  modules.forEach((module, index) => {
    if (!isThreadTools(module))
      throw new InvalidArgumentError(`threadTools[${index}]`, 'must be made by defineThreadTools(...)');
    for (const [tool, fn] of Object.entries(module.tools)) {
      if (byName.has(tool))
        throw new InvalidArgumentError(
          `threadTools[${index}].tools.${tool}`,
          'is given by another module too',
        );
      byName.set(tool, fn);
    }
  });
  return byName;
}

interface LocalRunner {
  readonly ref: ActorRef<ToolRunnerMsg>;
  readonly names: ReadonlySet<string>;
}

/** This thread's runner, once one has loaded its tools (module state: one per worker thread). */
let local: LocalRunner | undefined;

export function registerToolRunner(runner: LocalRunner): void {
  local = runner;
}

export function unregisterToolRunner(ref: ActorRef<ToolRunnerMsg>): void {
  if (local?.ref.id === ref.id) local = undefined;
}

/** The runner on this thread (that carries out `tool`, when one is named), if there is one. */
export function localToolRunner(tool?: string): ActorRef<ToolRunnerMsg> | undefined {
  if (!local) return undefined;
  return tool === undefined || local.names.has(tool) ? local.ref : undefined;
}
