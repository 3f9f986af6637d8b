/**
 * `troupe workflow validate <file>` — read a definition (YAML or JSON) and say whether it can
 * run, listing every issue with its path and line; `troupe workflow run <file> --input <json>
 * [--tools <module>] [--data-dir <dir>]` — define it and run it once on an embedded system,
 * with a live line per step change on stderr and the result (`{ status, duration, steps }`)
 * as JSON on stdout. Tool steps call the functions the `--tools` module exports by tool name:
 * named exports (`export const echo = …`) and the functions of a default object (for names that
 * are not identifiers: `export default { 'stt.transcribe': fn }`). A file that cannot be read
 * or a module that cannot be loaded (or exports no function) is said in one line, exit code 2.
 * Without `--data-dir` the run lives in a temporary store, removed afterwards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  defineWorkflow,
  parseWorkflowDefinition,
  startWorkflowRun,
  startWorkflows,
  type ToolFunction,
  WorkflowDefinitionError,
} from '../../actors/workflows/index.js';
import { createActorSystem } from '../kernel/index.js';
import { WORKFLOW_USAGE } from './workflow-usage.js';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function workflowCommand(args: readonly string[]): Promise<number> {
  const [action, file] = args;
  if ((action !== 'validate' && action !== 'run') || file === undefined) {
    process.stderr.write(`usage:\n${WORKFLOW_USAGE}\n`);
    return 2;
  }
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot be read: ${(error as Error).message}\n`);
    return 2;
  }
  let workflow: ReturnType<typeof parseWorkflowDefinition>;
  try {
    workflow = parseWorkflowDefinition(source);
  } catch (error) {
    if (!(error instanceof WorkflowDefinitionError)) throw error;
    for (const issue of error.issues)
      process.stderr.write(
        `${file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path || '(definition)'}: ${issue.message}\n`,
      );
    return 1;
  }
  const { definition } = workflow;
  if (action === 'validate') {
    process.stdout.write(
      `${definition.name} ${definition.version}: valid, ${definition.steps.length} steps\n`,
    );
    return 0;
  }
  let payload: unknown = {};
  const input = option(args, '--input');
  if (input !== undefined) {
    try {
      payload = JSON.parse(input);
    } catch (error) {
      process.stderr.write(`--input is not JSON: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const toolsModule = option(args, '--tools');
  let tools: Record<string, ToolFunction> = {};
  if (toolsModule !== undefined) {
    const loaded = await loadTools(toolsModule);
    if (typeof loaded === 'string') {
      process.stderr.write(`--tools ${toolsModule}: ${loaded}\n`);
      return 2;
    }
    tools = loaded;
  }
  const given = option(args, '--data-dir');
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'troupe-workflow-run-')));
  const system = createActorSystem({ dataDir });
  try {
    const engine = await startWorkflows(system, { tools });
    const started = Date.now();
    engine.listen((message) => {
      if (message.type === 'progress')
        process.stderr.write(
          `${((Date.now() - started) / 1000).toFixed(2).padStart(7)} s  ${message.step}${message.child === undefined ? '' : `[${message.child}]`}  ${message.status}  (attempt ${message.attempt})\n`,
        );
    });
    await defineWorkflow(system, source);
    const run = await startWorkflowRun(system, definition.name, payload, {}, { version: definition.version });
    const result = await run.result;
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.status === 'completed' ? 0 : 1;
  } finally {
    await system.shutdown();
    if (given === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

/** The tool functions a module exports (named, and those of its default object), or why there are none. */
async function loadTools(path: string): Promise<Record<string, ToolFunction> | string> {
  let exported: Record<string, unknown>;
  try {
    exported = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    return `cannot be loaded: ${(error as Error).message.split('\n')[0]}`;
  }
  const tools: Record<string, ToolFunction> = {};
  const take = (from: object) => {
    for (const [name, value] of Object.entries(from))
      if (typeof value === 'function') tools[name] = value as ToolFunction;
  };
  const { default: fallback, ...named } = exported;
  if (typeof fallback === 'object' && fallback !== null) take(fallback);
  take(named);
  return Object.keys(tools).length > 0
    ? tools
    : 'exports no tool function (export them by name, or as a default object of functions)';
}
